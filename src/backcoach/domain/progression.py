"""Progress, regress or stop a program over days, by the rules of progression.yaml (clinical_facts.md §4).

- Progress counts days, not sessions: N calendar days in a row on which every session of the exercise was
  easy (pain reported and within the limit, nothing spreading, nothing sharp), then a check-in on a later
  day whose response is good. Unreported pain is unknown, never 0. One step per review; some patterns
  (arthritis) no faster than one step a week.
- Leg symptoms are a signal at every check-in and session: spreading further down the leg regresses the
  direction that provoked them; spreading again, or with new numbness or weakness, stops that direction and
  advises a clinician; moving up toward the back is named as good progress.
- A review gives each cause once, and each change says exactly what it does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backcoach.domain.legs import LegReport, leg_signals
from backcoach.domain.models import Exercise
from backcoach.domain.plan_document import PlanDocument, RoutineItemDoc, StoppedDirection
from backcoach.domain.regression import Ladder, RoutineEntry, StepChange

DIRECTIONAL = ("extension", "flexion")  # the directions a leg-symptom response is laid on

__all__ = ["Advice", "CheckIn", "ExerciseSession", "ProgramHistory", "Review", "RoutineEntry", "StepChange",
           "apply_review", "reason_of", "review_program"]


@dataclass(frozen=True)
class ExerciseSession:
    """How one exercise went in one session (since the program's current version)."""

    day: int
    exercise_id: str
    max_pain: int | None
    spreading: bool = False
    sharp: bool = False
    completed: bool = True


@dataclass(frozen=True)
class CheckIn:
    day: int
    pain_now: int | None


@dataclass(frozen=True)
class Advice:
    code: str
    message: str


@dataclass(frozen=True)
class Review:
    changes: tuple[StepChange, ...] = ()
    advice: tuple[Advice, ...] = ()
    reasons: tuple[Advice, ...] = ()  # why the routine changed: each cause once
    stopped_directions: tuple[str, ...] = ()  # directions stopped by this review


@dataclass(frozen=True)
class ProgramHistory:
    routine: tuple[RoutineEntry, ...]
    sessions: tuple[ExerciseSession, ...]
    checkins: tuple[CheckIn, ...]
    baseline_pain: int
    start_day: int  # the day the current version began
    today: int
    tags: frozenset[str] = frozenset()
    fresh_checkin: bool = True  # False when the latest check-in was already reviewed (no second regression)
    legs: tuple[LegReport, ...] = ()  # every leg-symptom report of the program, oldest first
    fresh_legs: bool = True  # False when the latest leg report was already reviewed
    last_progress_day: int | None = None  # when the program last stepped forward (any version)
    program_start_day: int | None = None
    stopped_directions: frozenset[str] = frozenset()
    rest_positions: tuple[str, ...] = ()  # resting positions that suit this person (flare-up plan)


def review_program(history: ProgramHistory, rules: Mapping[str, Any], exercises: Mapping[str, Exercise]) -> Review:
    """The changes and advice the rules call for today; deterministic."""
    ladder = Ladder(history.routine, exercises, rules, history.rest_positions, history.stopped_directions)
    reasons: list[Advice] = []
    advice = _advice(history, rules)
    stopped = _leg_review(history, rules, ladder, reasons, advice)
    _session_review(history, rules, ladder, reasons)
    rise = _pain_rise(history, int(rules["regress_on_pain_rise"]["points"]))
    if rise is not None:
        message = _text(rules["regress_on_pain_rise"]["message"]).format(rise=rise)
        reasons.append(Advice("regress_on_pain_rise", message))
        for entry in ladder.untouched():
            ladder.regress(entry, "regress_on_pain_rise")
    if not ladder.changes:
        _progress(history, rules, ladder, reasons)
    return Review(changes=tuple(ladder.changes), advice=tuple(advice), reasons=tuple(_unique(reasons)),
                  stopped_directions=stopped)


def _leg_review(history: ProgramHistory, rules: Mapping[str, Any], ladder: Ladder, reasons: list[Advice],
                advice: list[Advice]) -> tuple[str, ...]:
    """Act on the latest leg-symptom report: spreading regresses or stops its direction; centralizing is praised."""
    signals = leg_signals(history.legs)
    if not signals or not history.fresh_legs:
        return ()
    latest = signals[-1]
    if latest.kind == "centralizing":
        advice.append(Advice("centralizing", _text(rules["centralizing"]["message"])))
        return ()
    if latest.kind != "spreading":
        return ()
    direction = latest.direction if latest.direction in DIRECTIONAL else _main_direction(history, ladder)
    spreads = [s for s in signals if s.kind == "spreading" and (s.direction or direction) == direction]
    stop_rule = rules["stop_direction"]
    if direction is not None and (len(spreads) >= int(stop_rule["after_spreads"]) or latest.new_neuro):
        message = stop_rule["message_neuro" if latest.new_neuro else "message"].format(direction=_word(direction))
        reasons.append(Advice("stop_direction", _text(message)))
        advice.append(Advice("clinician_spreading", _text(stop_rule["advice"])))
        ladder.stop_direction(direction, "stop_direction")
        return (direction,)
    reasons.append(Advice("regress_on_spreading", _text(rules["regress_on_spreading"]["message"])))
    for entry in ladder.untouched():
        if direction is None or ladder.moves(entry, direction):
            ladder.regress(entry, "regress_on_spreading")
    if direction is None and len(spreads) >= int(stop_rule["after_spreads"]):
        advice.append(Advice("clinician_spreading", _text(stop_rule["advice"])))
    return ()


def _main_direction(history: ProgramHistory, ladder: Ladder) -> str | None:
    """The direction the routine leans on, when it holds exercises of that direction."""
    found = [d for d in DIRECTIONAL if any(ladder.moves(e, d) for e in history.routine)]
    return found[0] if len(found) == 1 else None


def _session_review(history: ProgramHistory, rules: Mapping[str, Any], ladder: Ladder,
                    reasons: list[Advice]) -> None:
    """Sharp pain in an exercise's latest session steps that exercise back."""
    for entry in ladder.untouched():
        own = [s for s in history.sessions if s.exercise_id == entry.exercise_id]
        if own and own[-1].sharp:
            reasons.append(Advice("regress_on_sharp_pain", _text(rules["regress_on_sharp_pain"]["message"])))
            ladder.regress(entry, "regress_on_sharp_pain")


def _progress(history: ProgramHistory, rules: Mapping[str, Any], ladder: Ladder, reasons: list[Advice]) -> None:
    progress = rules["progress"]
    if not _slow_ok(history, rules):
        return
    steps_left = int(progress["max_steps_per_review"])
    for entry in history.routine:
        if steps_left == 0:
            return
        if _ready(entry, history, progress) and ladder.progress(entry, rules["dose_progress"]):
            steps_left -= 1
            message = _text(progress["message"]).format(days=progress["days_in_a_row"],
                                                        max_pain=progress["max_pain_during"])
            reasons.append(Advice("progress", message))


def _ready(entry: RoutineEntry, history: ProgramHistory, progress: Mapping[str, Any]) -> bool:
    """N calendar days in a row, ending on the last session day, on which every session of this exercise
    was easy; then a good response at a check-in on a later day."""
    needed = int(progress["days_in_a_row"])
    own = [s for s in history.sessions if s.exercise_id == entry.exercise_id]
    if not own:
        return False
    last = max(s.day for s in own)
    days = range(last - needed + 1, last + 1)
    limit = int(progress["max_pain_during"])
    for day in days:
        that_day = [s for s in own if s.day == day]
        if not that_day or not all(_easy(s, limit) for s in that_day):
            return False
    return _good_response(history, after_day=last, limit=int(progress["max_pain_response"]))


def _easy(session: ExerciseSession, limit: int) -> bool:
    return (session.completed and not session.spreading and not session.sharp
            and session.max_pain is not None and session.max_pain <= limit)


def _good_response(history: ProgramHistory, *, after_day: int, limit: int) -> bool:
    """A check-in on a later day: pain reported, not above the limit, no rise; nothing spreading since."""
    later = [c for c in history.checkins if c.day > after_day]
    if not later or later[-1].pain_now is None:
        return False
    before = [c.pain_now for c in history.checkins if c.day <= after_day and c.pain_now is not None]
    previous = before[-1] if before else history.baseline_pain
    latest = later[-1].pain_now
    spread_since = any(s.kind == "spreading" and s.day > after_day for s in leg_signals(history.legs))
    return latest <= max(limit, previous) and latest - previous < 2 and not spread_since


def _slow_ok(history: ProgramHistory, rules: Mapping[str, Any]) -> bool:
    slow = rules["slow_progress"]
    if not history.tags & set(slow["tags"]):
        return True
    since = next(day for day in (history.last_progress_day, history.program_start_day, history.start_day)
                 if day is not None)
    return history.today - since >= int(slow["min_days_between_steps"])


def _pain_rise(history: ProgramHistory, points: int) -> int | None:
    """The latest check-in's rise over the one before it (or the baseline), if it reaches ``points``."""
    reported = [c for c in history.checkins if c.pain_now is not None]
    if not reported or not history.fresh_checkin or history.checkins[-1].pain_now is None:
        return None
    previous = reported[-2].pain_now if len(reported) > 1 else history.baseline_pain
    rise = int(reported[-1].pain_now or 0) - int(previous or 0)
    return rise if rise >= points else None


def _advice(history: ProgramHistory, rules: Mapping[str, Any]) -> list[Advice]:
    advice: list[Advice] = []
    bad = rules["clinician_after_bad_days"]
    points = int(rules["regress_on_pain_rise"]["points"])
    previous: int | None = history.baseline_pain
    bad_days = set()
    for checkin in history.checkins:
        if checkin.pain_now is None:
            continue
        if previous is not None and checkin.pain_now - previous >= points:
            bad_days.add(checkin.day)
        previous = checkin.pain_now
    if len(bad_days) >= int(bad["days"]):
        advice.append(Advice("clinician_after_bad_days", _text(bad["message"])))
    review = rules["review_without_improvement"]
    start = history.program_start_day if history.program_start_day is not None else history.start_day
    reported = [c for c in history.checkins if c.pain_now is not None]
    if reported and history.today - start >= int(review["days"]):
        improvement = history.baseline_pain - int(reported[-1].pain_now or 0)
        fraction = improvement / history.baseline_pain if history.baseline_pain else 1.0
        if improvement < int(review["min_points"]) and fraction < float(review["min_fraction"]):
            advice.append(Advice("review_without_improvement", _text(review["message"])))
    return advice


def _unique(items: Sequence[Advice]) -> list[Advice]:
    return list(dict.fromkeys(items))


def _word(direction: str) -> str:
    return {"extension": "backward-bending", "flexion": "forward-bending"}.get(direction, direction)


def _text(value: object) -> str:
    return " ".join(str(value).split())


def reason_of(review: Review) -> str:
    """One review, one clear reason: each cause once, then what changed."""
    return " ".join([*(reason.message for reason in review.reasons), *(change.message for change in review.changes)])


def apply_review(plan: PlanDocument, review: Review, exercises: Mapping[str, Exercise], day: str) -> PlanDocument:
    """The plan after the review's changes: exercises stepped on or back, resting positions in, stopped
    directions out (and remembered), the day of the last step forward (``day``, an ISO date)."""
    by_exercise = {change.exercise_id: change for change in review.changes}
    routine = []
    for item in plan.routine:
        change = by_exercise.get(item.exercise_id)
        if change is None:
            routine.append(item)
        elif change.to_exercise_id is not None and change.dosage is not None:
            routine.append(RoutineItemDoc.of(exercises[change.to_exercise_id], change.dosage, change.message,
                                             plan.profile.places))
    stopped = [StoppedDirection(direction, day, reason_of(review)) for direction in review.stopped_directions]
    progressed = any(change.action == "progress" for change in review.changes)
    return plan._replace(routine=tuple(routine), stopped_directions=(*plan.stopped_directions, *stopped),
                         progressed_on=day if progressed else plan.progressed_on)
