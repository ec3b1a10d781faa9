"""Progress, regress or stop a program over days, by rules from the knowledge files (§4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backcoach.domain.models import Dosage, Exercise


@dataclass(frozen=True)
class ExerciseSession:
    """How one exercise went in one session, since the program's current version."""

    day: int
    exercise_id: str
    max_pain: int | None
    spreading: bool = False
    sharp: bool = False
    completed: bool = True


@dataclass(frozen=True)
class CheckIn:
    day: int
    pain_now: int
    red_flag: bool = False


@dataclass(frozen=True)
class RoutineEntry:
    exercise_id: str
    dosage: Dosage
    changed_day: int | None = None  # the day this exercise or its dose last changed


@dataclass(frozen=True)
class StepChange:
    exercise_id: str
    action: str  # progress or regress
    to_exercise_id: str
    dosage: Dosage
    code: str
    message: str


@dataclass(frozen=True)
class Advice:
    code: str
    message: str


@dataclass(frozen=True)
class Review:
    changes: tuple[StepChange, ...] = ()
    advice: tuple[Advice, ...] = ()
    stop: bool = False


@dataclass(frozen=True)
class ProgramHistory:
    routine: tuple[RoutineEntry, ...]
    sessions: tuple[ExerciseSession, ...]
    checkins: tuple[CheckIn, ...]
    baseline_pain: int
    start_day: int
    today: int
    tags: frozenset[str] = frozenset()
    fresh_checkin: bool = True  # False when the latest check-in was already reviewed (no second regression)


def review_program(history: ProgramHistory, rules: Mapping[str, Any], exercises: Mapping[str, Exercise]) -> Review:
    """The changes and advice the rules call for today; deterministic."""
    latest = history.checkins[-1] if history.checkins else None
    if latest is not None and latest.red_flag:
        return Review(advice=(Advice("stop_on_red_flag", _text(rules["stop_on_red_flag"]["message"])),), stop=True)
    advice = _advice(history, rules)
    rise = _pain_rise(history, int(rules["regress_on_pain_rise"]["points"]))
    changes: list[StepChange] = []
    in_use = {entry.exercise_id for entry in history.routine}
    steps_left = int(rules["progress"]["max_steps_per_review"])
    for entry in history.routine:
        change = _change_for(entry, history, rules, exercises, rise=rise, in_use=in_use)
        if change is None or (change.action == "progress" and steps_left == 0):
            continue
        steps_left -= change.action == "progress"
        in_use.add(change.to_exercise_id)
        changes.append(change)
    return Review(changes=tuple(changes), advice=tuple(advice))


def _change_for(entry: RoutineEntry, history: ProgramHistory, rules: Mapping[str, Any],
                exercises: Mapping[str, Exercise], *, rise: int | None, in_use: set[str]) -> StepChange | None:
    """The change for one exercise; a step to an exercise already in the routine becomes a dose change."""
    exercise = exercises[entry.exercise_id]
    free = {k: v for k, v in exercises.items() if k not in in_use or k == entry.exercise_id}
    own = [s for s in history.sessions if s.exercise_id == entry.exercise_id]
    last = own[-1] if own else None
    if last is not None and last.spreading:
        return _regress(entry, exercise, free, "regress_on_spreading",
                        _text(rules["regress_on_spreading"]["message"]))
    if last is not None and last.sharp:
        return _regress(entry, exercise, free, "regress_on_sharp_pain",
                        _text(rules["regress_on_sharp_pain"]["message"]))
    if rise is not None:
        message = _text(rules["regress_on_pain_rise"]["message"]).format(rise=rise)
        return _regress(entry, exercise, free, "regress_on_pain_rise", message)
    if _ready_to_progress(entry, own, history, rules):
        progress = rules["progress"]
        message = _text(progress["message"]).format(
            sessions=progress["sessions_in_a_row"], max_pain=progress["max_pain_during"])
        return _progress(entry, exercise, free, rules["dose_progress"], message)
    return None


def _ready_to_progress(entry: RoutineEntry, own: Sequence[ExerciseSession], history: ProgramHistory,
                       rules: Mapping[str, Any]) -> bool:
    progress = rules["progress"]
    needed = int(progress["sessions_in_a_row"])
    recent = list(own)[-needed:]
    if len(recent) < needed:
        return False
    easy = all(s.completed and not s.spreading and not s.sharp and (s.max_pain or 0) <= progress["max_pain_during"]
               for s in recent)
    if not easy:
        return False
    slow = rules["slow_progress"]
    if history.tags & set(slow["tags"]):
        since = entry.changed_day if entry.changed_day is not None else history.start_day
        return history.today - since >= int(slow["min_days_between_steps"])
    return True


def _progress(entry: RoutineEntry, exercise: Exercise, exercises: Mapping[str, Exercise],
              dose_rules: Mapping[str, Any], message: str) -> StepChange | None:
    if exercise.progresses_to and exercise.progresses_to in exercises:
        target = exercises[exercise.progresses_to]
        text = f"{message} Next: {target.name}."
        return StepChange(entry.exercise_id, "progress", target.id, target.default_dosage, "progress", text)
    dose = entry.dosage
    if dose.hold_seconds is not None and dose.hold_seconds >= 10:
        bigger = dose._replace(hold_seconds=min(dose.hold_seconds + int(dose_rules["hold_step_seconds"]),
                                                max(int(dose_rules["max_hold_seconds"]), dose.hold_seconds)))
    else:
        bigger = dose._replace(reps=min(dose.reps + int(dose_rules["reps_step"]), int(dose_rules["max_reps"])))
    if bigger == dose:
        return None
    return StepChange(entry.exercise_id, "progress", entry.exercise_id, bigger, "progress_dose",
                      f"{message} A little more of {exercise.name}.")


def _regress(entry: RoutineEntry, exercise: Exercise, exercises: Mapping[str, Exercise], code: str,
             message: str) -> StepChange:
    if exercise.regresses_to and exercise.regresses_to in exercises:
        target = exercises[exercise.regresses_to]
        return StepChange(entry.exercise_id, "regress", target.id, target.default_dosage, code,
                          f"{message} Instead: {target.name}.")
    dose = entry.dosage
    smaller = dose._replace(reps=max(1, dose.reps // 2), sets=1)
    return StepChange(entry.exercise_id, "regress", entry.exercise_id, smaller, code,
                      f"{message} Fewer repetitions of {exercise.name} for now.")


def _pain_rise(history: ProgramHistory, points: int) -> int | None:
    """The latest check-in's rise over the one before it (or the baseline), if it reaches ``points``."""
    if not history.checkins or not history.fresh_checkin:
        return None
    previous = history.checkins[-2].pain_now if len(history.checkins) > 1 else history.baseline_pain
    rise = history.checkins[-1].pain_now - previous
    return rise if rise >= points else None


def _advice(history: ProgramHistory, rules: Mapping[str, Any]) -> list[Advice]:
    advice: list[Advice] = []
    bad = rules["clinician_after_bad_days"]
    points = int(rules["regress_on_pain_rise"]["points"])
    previous = history.baseline_pain
    bad_days = 0
    for checkin in history.checkins:
        if checkin.pain_now - previous >= points:
            bad_days += 1
        previous = checkin.pain_now
    if bad_days >= int(bad["days"]):
        advice.append(Advice("clinician_after_bad_days", _text(bad["message"])))
    review = rules["review_without_improvement"]
    if history.checkins and history.today - history.start_day >= int(review["days"]):
        improvement = history.baseline_pain - history.checkins[-1].pain_now
        fraction = improvement / history.baseline_pain if history.baseline_pain else 1.0
        if improvement < int(review["min_points"]) and fraction < float(review["min_fraction"]):
            advice.append(Advice("review_without_improvement", _text(review["message"])))
    return advice


def _text(value: object) -> str:
    return " ".join(str(value).split())
