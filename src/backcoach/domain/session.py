"""The guided-session engine: ``step(state, event, now) -> (state, effects)``.

Pure and deterministic: no clock, sleep or I/O. Time only moves through the ``now`` of each event
(seconds from the session's start). Holds count only while the session runs, is not paused and the
camera (if any) reports valid form; effects carry the exact second they happened, in time order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backcoach.domain.legs import further_down, further_up
from backcoach.domain.session_model import (
    GET_READY_SECONDS,
    Effect,
    ExerciseLog,
    SessionState,
    StepSpec,
    StopReason,
)
from backcoach.domain.session_timing import advance, begin_exercise, complete_rep, finish_exercise

__all__ = ["new_session", "step", "summary"]


def new_session(steps: tuple[StepSpec, ...], baseline_leg_symptoms: str | None = None) -> SessionState:
    """A session ready to start, for the routine's steps in order."""
    return SessionState(
        steps=steps,
        logs=[ExerciseLog(spec.exercise_id) for spec in steps],
        baseline_leg=baseline_leg_symptoms,
        last_leg=baseline_leg_symptoms,
    )


def step(state: SessionState, event: Mapping[str, Any], now: float) -> tuple[SessionState, list[Effect]]:
    """Apply one event at time ``now``; the input state is never modified."""
    new = state.copy()
    effects: list[Effect] = []
    kind = str(event.get("type"))
    if new.status in ("stopped", "completed"):
        if kind == "pain_report":
            new.late_reports.append(_report(event, now, None))
        return new, effects
    if kind == "start":
        _start(new, now, effects)
        return new, effects
    if new.status != "running":
        return new, effects
    advance(new, now, effects)
    _HANDLERS.get(kind, _ignore)(new, event, now, effects)
    return new, effects


def _ignore(state: SessionState, event: Mapping[str, Any], now: float, effects: list[Effect]) -> None:
    return None


def _start(state: SessionState, now: float, effects: list[Effect]) -> None:
    if state.status != "ready":
        return
    state.status = "running"
    state.clock = now
    if not state.steps:
        state.status = "completed"
        effects.append(Effect(now, "session_completed", {}))
        return
    begin_exercise(state, 0, effects)


def _pause(state: SessionState, event: Mapping[str, Any], now: float, effects: list[Effect]) -> None:
    if not state.paused:
        state.paused = True
        effects.append(Effect(now, "paused", {}))


def _resume(state: SessionState, event: Mapping[str, Any], now: float, effects: list[Effect]) -> None:
    if state.paused:
        state.paused = False
        effects.append(Effect(now, "resumed", {}))


def _skip(state: SessionState, event: Mapping[str, Any], now: float, effects: list[Effect]) -> None:
    log = state.logs[state.index]
    if log.status == "in_progress":
        log.status = "skipped"
    effects.append(Effect(now, "exercise_skipped", {"exercise_id": state.current.exercise_id}))
    finish_exercise(state, effects, ask=False)


def _rep_done(state: SessionState, event: Mapping[str, Any], now: float, effects: list[Effect]) -> None:
    if state.phase == "reps" and not state.paused:
        complete_rep(state, effects)


def _form(state: SessionState, event: Mapping[str, Any], now: float, effects: list[Effect]) -> None:
    valid = bool(event.get("valid"))
    if valid == state.form_valid:
        return
    state.form_valid = valid
    counting = state.phase in ("hold", "reps")
    if not valid:
        fix = str(event.get("cue") or event.get("message") or state.current.cues[0])
        if counting:
            effects.append(Effect(now, "hold_paused", {"reason": "form", "exercise_id": state.current.exercise_id}))
        effects.append(Effect(now, "say", {"text": f"Check your form: {fix}"}))
    elif counting:
        effects.append(Effect(now, "hold_resumed", {"exercise_id": state.current.exercise_id}))
        effects.append(Effect(now, "say", {"text": "Good, that's it. Keep going."}))


def _stop(state: SessionState, event: Mapping[str, Any], now: float, effects: list[Effect]) -> None:
    _end(state, now, effects, "user", "Session stopped. Well done for what you did today.")


def _warning_sign(state: SessionState, event: Mapping[str, Any], now: float, effects: list[Effect]) -> None:
    """A warning sign reported during the session, screened by the service with the intake's rules
    (``triage``): anything above self-care ends the session with the same level and words as at intake."""
    triage = event.get("triage") or {}
    if triage.get("level", "self_care_ok") == "self_care_ok":
        effects.append(Effect(now, "say", {"text": "Thank you. Nothing you reported means stopping; carry on gently."}))
        return
    reasons = [str(r["message"]) for r in triage.get("reasons", ()) if r.get("level") != "self_care_ok"]
    advice = " ".join([str(triage.get("headline", "")), *reasons]).strip()
    if state.index < len(state.logs) and state.logs[state.index].status == "in_progress":
        state.logs[state.index].status = "stopped"
    _end(state, now, effects, "warning_sign", advice, level=str(triage["level"]))


def _pain_report(state: SessionState, event: Mapping[str, Any], now: float, effects: list[Effect]) -> None:
    spec = state.current
    report = _report(event, now, spec.exercise_id)
    state.logs[state.index].pain_reports.append(report)
    if event.get("triage", {}).get("level", "self_care_ok") != "self_care_ok":
        _warning_sign(state, event, now, effects)
        return
    leg = report.get("leg_symptoms")
    if report["sharp"]:
        easier = f" Next time try {spec.regress_name} instead." if spec.regress_name else ""
        advice = ("Sharp pain: stop now. Rest in a comfortable position. If the pain doesn't settle, or keeps "
                  f"coming back, talk with your doctor or physiotherapist before exercising again.{easier}")
        state.logs[state.index].status = "stopped"
        _end(state, now, effects, "sharp_pain", advice, regress_to=spec.regresses_to)
        return
    if further_down(leg, state.last_leg):
        _symptoms_spreading(state, now, effects, str(leg))
        return
    if further_up(leg, state.last_leg):
        state.centralized = True
        effects.append(Effect(now, "say", {"text": "Your symptoms moved up toward your back: that's a good sign."}))
        effects.append(Effect(now, "centralization_noted", {"exercise_id": spec.exercise_id, "leg_symptoms": leg}))
    if leg is not None:
        state.last_leg = str(leg)
    if state.phase == "ask_pain":
        _after_check_in(state, report, now, effects)


def _after_check_in(state: SessionState, report: Mapping[str, Any], now: float, effects: list[Effect]) -> None:
    if report["level"] is not None and int(report["level"]) >= 5:
        effects.append(Effect(now, "say", {"text": "That was uncomfortable. Go gentler on the next one, "
                                                    "and stop if it turns sharp."}))
    nxt = state.index + 1
    if nxt >= len(state.steps):
        state.status = "completed"
        state.phase = "done"
        effects.append(Effect(now, "say", {"text": "That's the whole routine. Well done."}))
        effects.append(Effect(now, "session_completed", {}))
        return
    begin_exercise(state, nxt, effects)


def _symptoms_spreading(state: SessionState, now: float, effects: list[Effect], leg: str) -> None:
    spec = state.current
    state.logs[state.index].status = "stopped"
    state.regressions.append(spec.exercise_id)
    advice = (f"Your symptoms are spreading further down the leg, so stop {spec.name} for today. "
              "Rest in a position that eases them. Your program will step back to an easier version; "
              "if the spreading does not settle, see your doctor or physiotherapist.")
    _end(state, now, effects, "symptoms_spreading", advice, regress_to=spec.regresses_to)


def _end(state: SessionState, now: float, effects: list[Effect], reason: StopReason, advice: str, *,
         regress_to: str | None = None, level: str | None = None) -> None:
    state.status = "stopped"
    state.stop_reason = reason
    state.phase = "done"
    effects.append(Effect(now, "say", {"text": advice}))
    payload: dict[str, Any] = {"reason": reason, "advice": advice}
    if reason in ("sharp_pain", "symptoms_spreading"):
        payload["exercise_id"] = state.current.exercise_id
        payload["regress_to"] = regress_to
    if level is not None:
        payload["level"] = level
    effects.append(Effect(now, "session_stopped", payload))


def _report(event: Mapping[str, Any], now: float, exercise_id: str | None) -> dict[str, Any]:
    report = {
        "at": now,
        "exercise_id": exercise_id,
        "level": None if event.get("level") is None else int(event["level"]),  # unreported is unknown, not 0
        "sharp": bool(event.get("sharp", False)),
        "leg_symptoms": event.get("leg_symptoms"),
    }
    for optional in ("leg_symptom_kinds", "red_flags"):
        if event.get(optional):
            report[optional] = event[optional]
    return report


def summary(state: SessionState) -> dict[str, Any]:
    """Per exercise the holds and reps done per side and the pain reports; how the session ended."""
    return {
        "status": state.status,
        "stop_reason": state.stop_reason,
        "exercises": [log.to_dict() for log in state.logs],
        "regressions": list(state.regressions),
        "centralized": state.centralized,
        "late_pain_reports": list(state.late_reports),
        "get_ready_seconds": GET_READY_SECONDS,
    }


_HANDLERS = {
    "tick": _ignore,
    "pause": _pause,
    "resume": _resume,
    "skip": _skip,
    "rep_done": _rep_done,
    "form": _form,
    "stop": _stop,
    "pain_report": _pain_report,
    "warning_sign": _warning_sign,
}


def view(state: SessionState) -> dict[str, Any]:
    """What a screen shows now: the exercise, side, set and rep, the phase and time left, what's next."""
    if not state.steps:
        return {"status": state.status, "phase": state.phase}
    spec = state.current
    set_no, rep, side = state.effort if state.phase not in ("ask_pain", "done", "idle") else (None, None, None)
    remaining = None
    if state.phase in ("countdown", "hold", "rest", "switch"):
        remaining = max(0.0, state.phase_length - state.phase_elapsed)
    elif state.phase == "reps":
        remaining = max(0.0, state.rep_seconds - state.phase_elapsed)
    following = state.steps[state.index + 1].name if state.index + 1 < len(state.steps) else None
    return {
        "status": state.status, "phase": state.phase, "paused": state.paused, "form_valid": state.form_valid,
        "index": state.index, "total": len(state.steps), "exercise_id": spec.exercise_id, "name": spec.name,
        "position": spec.position, "side": side, "set": set_no, "sets": spec.sets, "rep": rep or None,
        "reps": spec.reps, "reps_done": state.reps_done if state.phase == "reps" else None,
        "remaining": remaining, "next": following, "clock": state.clock,
    }
