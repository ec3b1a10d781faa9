"""The form check: ``FormChecker(form).step(state, frame) -> (state, result)``, one camera frame at a time.

Pure and deterministic: no clock; time is the frames' own timestamps. Per frame it smooths the landmarks (One
Euro), drops points it cannot see, checks the camera can judge (the person in the picture, the right view, the
needed parts seen; else "can't see" with what to change, and the timer takes over), checks the person is in the
exercise's position, judges each rule with hysteresis and a short debounce, follows the movement to count
repetitions and valid hold time, and emits the session engine's events only on a change:
``{"type": "form", "valid": false, "cue": ...}``, ``{"type": "form", "valid": true}`` and ``{"type": "rep_done"}``.
The work per frame is bounded: a fixed number of points, rules and a capped list of findings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Literal, NamedTuple

from backcoach.domain.form.camera import camera_problem
from backcoach.domain.form.geometry import Body, read_body, seen_points
from backcoach.domain.form.landmarks import Frame, Landmark
from backcoach.domain.form.measures import extreme_side, measure
from backcoach.domain.form.one_euro import OneEuroMemory, one_euro
from backcoach.domain.form.spec import ExerciseForm, Motion, Rule

Status = Literal["judged", "cant_see", "out_of_position", "skipped"]
SPEED_CUTOFF_HZ = 2.0
MAX_FINDINGS = 500
_Filters = tuple[tuple[OneEuroMemory | None, OneEuroMemory | None], ...]


@dataclass(frozen=True)
class Latch:
    """A debounced yes/no: it changes only once the new answer has held for the debounce time."""

    on: bool = False
    since: float | None = None

    def feed(self, raw: bool, t: float, hold: float) -> Latch:
        if raw == self.on:
            return self if self.since is None else Latch(self.on)
        if self.since is None:
            return Latch(raw) if hold <= 0 else Latch(self.on, t)
        return Latch(raw) if t - self.since >= hold else self


@dataclass(frozen=True)
class RuleState:
    raw: bool = False
    fault: Latch = Latch()


class MotionMemory(NamedTuple):
    """The motion measure's last value, when, and its smoothed speed (units a second)."""

    value: float
    t: float
    speed: float


@dataclass(frozen=True)
class Finding:
    t: float
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"t": round(self.t, 3), "code": self.code, "message": self.message}


@dataclass(frozen=True)
class FormState:
    t: float | None = None
    filters: _Filters = ()
    body: Body | None = None
    camera: Latch = Latch()
    problem: str | None = None
    position: RuleState = RuleState()
    rules: tuple[RuleState, ...] = ()
    in_end: bool = False
    held: bool = False
    motion: MotionMemory | None = None
    entered_at: float | None = None
    rep_faulted: bool = False
    side: str | None = None
    valid: bool = True
    cue: str | None = None
    frames: int = 0
    cant_see: int = 0
    reps: int = 0
    hold_seconds: float = 0.0
    findings: tuple[Finding, ...] = ()
    problems: tuple[str, ...] = ()
    views: tuple[str, ...] = ()


@dataclass(frozen=True)
class FrameResult:
    """What one frame gave: how it was judged, the active faults (rule ids), whether the person is in the end
    position (and on which side), the events for the session engine and a notice to say when the camera's state
    changes (what to change, or that it sees again)."""

    t: float
    status: Status
    problem: str | None
    faults: tuple[str, ...]
    in_end: bool
    side: str | None
    events: tuple[dict[str, Any], ...]
    notice: str | None = None
    judged_rules: tuple[str, ...] = ()


class FormChecker:
    """The rules of one exercise applied to frames; ``aspect`` is the picture's width over its height."""

    def __init__(self, form: ExerciseForm, aspect: float = 4 / 3) -> None:
        self.form = form
        self.aspect = aspect

    def start(self) -> FormState:
        return FormState(rules=tuple(RuleState() for _ in self.form.rules))

    def step(self, state: FormState, frame: Frame) -> tuple[FormState, FrameResult]:
        """Judge one frame. A frame no later than the last one (repeated, or arriving out of order) is skipped:
        the state is returned unchanged."""
        defaults = self.form.defaults
        if state.t is not None and frame.t <= state.t:
            return state, FrameResult(frame.t, "skipped", state.problem, (), state.in_end, state.side, ())
        dt = 0.0 if state.t is None else min(frame.t - state.t, defaults.max_gap_seconds)
        filters, smoothed = self._smooth(state, frame)
        body = read_body(seen_points(smoothed, self.aspect, defaults.visibility), state.body,
                         defaults.side_view_below, defaults.front_view_above)
        problem = camera_problem(self.form, frame, body)
        camera = state.camera.feed(problem is not None, frame.t, defaults.camera_seconds)
        new = replace(state, t=frame.t, filters=filters, body=body, camera=camera, frames=state.frames + 1)
        notice = None
        if camera.on != state.camera.on:
            notice = problem if camera.on else "I can see you again."
            new = _note_problem(new, frame.t, problem) if camera.on else new
        if problem is not None:
            return self._cant_see(new, frame.t, problem, notice)
        new, status, faults, judged = self._judge(replace(new, problem=None), body, frame.t)
        in_end = new.in_end if status == "judged" else False
        new, events = self._report(new, faults, status)
        if status == "judged" and in_end and new.valid:
            new = replace(new, hold_seconds=new.hold_seconds + dt)
        new, rep_events = self._follow_motion(state, new, body, frame.t, verdict=(status, faults, in_end))
        result = FrameResult(frame.t, status, None, faults, new.in_end, new.side, (*events, *rep_events), notice,
                             judged)
        return new, result

    def _smooth(self, state: FormState, frame: Frame) -> tuple[_Filters, tuple[Landmark, ...]]:
        defaults = self.form.defaults
        filters = state.filters or tuple((None, None) for _ in frame.points)
        new_filters = []
        smoothed = []
        for point, memory in zip(frame.points, filters, strict=True):
            if point.visibility < defaults.visibility:
                new_filters.append(memory)
                smoothed.append(point)
                continue
            fx, fy = memory
            if fx is not None and frame.t - fx.t > defaults.max_gap_seconds:
                fx = fy = None  # seen again after a gap: start afresh rather than drag the old place along
            fx, fy = one_euro(defaults.filter, fx, point.x, frame.t), one_euro(defaults.filter, fy, point.y, frame.t)
            new_filters.append((fx, fy))
            smoothed.append(Landmark(fx.value, fy.value, point.z, point.visibility))
        return tuple(new_filters), tuple(smoothed)

    def _cant_see(self, state: FormState, t: float, problem: str, notice: str | None) -> tuple[FormState, FrameResult]:
        """Never judge what cannot be seen. A glitch shorter than ``camera_seconds`` leaves every verdict as it
        was; once the camera has lost the person, rules start afresh and a fault is lifted so the timer carries
        the hold."""
        new = replace(state, problem=problem, cant_see=state.cant_see + 1)
        if not state.camera.on:
            return new, FrameResult(t, "cant_see", problem, (), False, state.side, (), notice)
        fresh = tuple(RuleState() for _ in self.form.rules)
        new = replace(new, rules=fresh, position=RuleState(), in_end=False, held=False, entered_at=None, motion=None)
        events: tuple[dict[str, Any], ...] = ()
        if not state.valid:
            new = replace(new, valid=True, cue=None)
            events = ({"type": "form", "valid": True},)
        return new, FrameResult(t, "cant_see", problem, (), False, state.side, events, notice)

    def _judge(self, state: FormState, body: Body, t: float) -> tuple[FormState, Status, tuple[str, ...],
                                                                       tuple[str, ...]]:
        """Position, then the end position and each rule that applies now: (state with ``in_end`` updated,
        status, active faults, the rules judged on this frame)."""
        form = self.form
        values = [measure(check.measure, body) for check in form.position.checks]
        in_position = all(v is not None and check.holds(v) for v, check in zip(values, form.position.checks,
                                                                                  strict=True))
        position = _feed(state.position, not in_position, t, form.defaults.position_seconds)
        state = replace(state, views=_add_view(state.views, body.view))
        if position.fault.on and not state.position.fault.on:
            state = _add_finding(state, Finding(t, "position", form.position.cue))
        if position.fault.on or not in_position:  # said once it lasts; never judged by the rules meanwhile
            fresh = tuple(RuleState() for _ in form.rules)
            return replace(state, position=position, rules=fresh, motion=None, held=False), "out_of_position", (), ()
        in_end, memory = self._end_state(state, body, t)
        held = self._held(state.held, in_end, memory)
        phases = {"always", "end" if in_end else "start"} | ({"held"} if held else set())
        rules = []
        for rule, rule_state in zip(form.rules, state.rules, strict=True):
            if rule.when in phases:
                new_rule = self._judge_rule(rule, rule_state, body, t)
            else:  # moving within the end position keeps a held rule's verdict; elsewhere it starts afresh
                new_rule = rule_state if rule.when == "held" and in_end else RuleState()
            if new_rule.fault.on and not rule_state.fault.on:
                state = _add_finding(state, Finding(t, rule.id, rule.cue))
            rules.append(new_rule)
        faults = tuple(rule.id for rule, rs in zip(form.rules, rules, strict=True) if rs.fault.on)
        judged = tuple(rule.id for rule in form.rules if rule.when in phases)
        return replace(state, position=position, rules=tuple(rules), in_end=in_end, motion=memory, held=held), \
            "judged", faults, judged

    def _held(self, was_held: bool, in_end: bool, memory: MotionMemory | None) -> bool:
        """In the end position and still: slower than ``still_below`` to become held, and faster than one and a
        half times that to stop being held, so the speed's jitter does not flicker it."""
        motion = self.form.motion
        if not in_end or motion is None or motion.still_below is None:
            return in_end
        limit = motion.still_below * (1.5 if was_held else 1.0)
        return memory is not None and abs(memory.speed) < limit

    def _judge_rule(self, rule: Rule, state: RuleState, body: Body, t: float) -> RuleState:
        value = measure(rule.measure, body)
        if value is None:
            return state
        raw = rule.fault.next_state(state.raw, value)
        debounce = self.form.defaults.debounce_seconds if rule.debounce_seconds is None else rule.debounce_seconds
        return RuleState(raw, state.fault.feed(raw, t, debounce))

    def _end_state(self, state: FormState, body: Body, t: float) -> tuple[bool, MotionMemory | None]:
        """In the end position now (the hysteresis of the motion's threshold; always, without a motion), and the
        motion measure's value and speed (smoothed with a 2 Hz low-pass, so jitter does not read as movement)."""
        motion = self.form.motion
        if motion is None:
            return True, None
        value = measure(motion.measure, body)
        if value is None:
            return state.in_end, state.motion
        in_end = motion.enter.next_state(state.in_end, value)
        before = state.motion
        if before is None or t <= before.t:
            return in_end, MotionMemory(value, t, 0.0)
        dt = t - before.t
        weight = 1.0 / (1.0 + 1.0 / (2 * math.pi * SPEED_CUTOFF_HZ * dt))
        speed = before.speed + weight * ((value - before.value) / dt - before.speed)
        return in_end, MotionMemory(value, t, speed)

    def _report(self, state: FormState, faults: tuple[str, ...], status: Status) -> tuple[FormState, tuple[
            dict[str, Any], ...]]:
        """The form event when the verdict (or, while it is not valid, what to fix) changes; nothing otherwise."""
        if status == "out_of_position":
            if not state.position.fault.on:
                return state, ()
            valid, cue = False, self.form.position.cue
        elif faults:
            valid, cue = False, next(rule.cue for rule in self.form.rules if rule.id == faults[0])
        else:
            valid, cue = True, None
        if valid == state.valid and cue == state.cue:
            return state, ()
        event: dict[str, Any] = {"type": "form", "valid": True} if valid else {"type": "form", "valid": False,
                                                                               "cue": cue}
        return replace(state, valid=valid, cue=cue), (event,)

    def _follow_motion(self, before: FormState, state: FormState, body: Body, t: float, *,
                       verdict: tuple[Status, tuple[str, ...], bool]) -> tuple[FormState, tuple[dict[str, Any], ...]]:
        """Enter and leave the end position; a repetition counts on leaving it, if it stayed long enough and no
        fault showed during it."""
        motion = self.form.motion
        status, faults, in_end = verdict
        if status != "judged" or motion is None:
            return replace(state, in_end=in_end), ()
        if in_end and not before.in_end:
            side = _motion_side(motion, body) or before.side
            return replace(state, in_end=True, entered_at=t, rep_faulted=bool(faults), side=side), ()
        if in_end:
            return replace(state, in_end=True, rep_faulted=state.rep_faulted or bool(faults)), ()
        if not before.in_end:
            return replace(state, in_end=False), ()
        state = replace(state, in_end=False)
        long_enough = before.entered_at is not None and t - before.entered_at >= self.form.counting.min_seconds
        if self.form.counting.by != "reps" or not long_enough:
            return state, ()
        if state.rep_faulted or faults:
            return _add_finding(state, Finding(t, "rep_not_counted", "That repetition was not counted: "
                                               f"{state.cue or 'the form was not right'}")), ()
        return replace(state, reps=state.reps + 1), ({"type": "rep_done"},)


def _feed(state: RuleState, raw: bool, t: float, hold: float) -> RuleState:
    return RuleState(raw, state.fault.feed(raw, t, hold))


def _motion_side(motion: Motion, body: Body) -> str | None:
    """Which side the movement goes to: the side giving a min/max or crossing measure, or a lean's sign."""
    if motion.measure.kind == "lean":
        value = measure(replace(motion.measure, absolute=False), body)
        return None if value is None else ("left" if value > 0 else "right")
    return extreme_side(motion.measure, body)


def _note_problem(state: FormState, t: float, problem: str | None) -> FormState:
    if problem is None:
        return state
    problems = state.problems if problem in state.problems else (*state.problems, problem)
    return _add_finding(replace(state, problems=problems), Finding(t, "cant_see", problem))


def _add_finding(state: FormState, finding: Finding) -> FormState:
    if len(state.findings) >= MAX_FINDINGS:
        return state
    return replace(state, findings=(*state.findings, finding))


def _add_view(views: tuple[str, ...], view: str) -> tuple[str, ...]:
    return views if view in views else (*views, view)

