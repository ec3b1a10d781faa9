"""Progress, regress and stop rules over days (clinical_facts.md §4), on the real rules and library."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from backcoach.domain.progression import CheckIn, ExerciseSession, ProgramHistory, RoutineEntry, review_program
from backcoach.knowledge.loader import load_knowledge, load_progression_rules

EXERCISES = load_knowledge().exercises
RULES = load_progression_rules()


def entry(exercise_id: str) -> RoutineEntry:
    return RoutineEntry(exercise_id, EXERCISES[exercise_id].default_dosage, changed_day=100)


def easy(exercise_id: str, day: int, pain: int = 1, **kw: Any) -> ExerciseSession:
    return ExerciseSession(day=day, exercise_id=exercise_id, max_pain=pain, **kw)


def history(routine: list[str], sessions: Sequence[ExerciseSession] = (), checkins: Sequence[CheckIn] = (),
            today: int = 103, baseline: int = 5, **kw: Any) -> ProgramHistory:
    return ProgramHistory(tuple(entry(e) for e in routine), tuple(sessions), tuple(checkins), baseline, 100, today,
                          **kw)


def test_three_easy_sessions_in_a_row_progress_to_the_next_exercise() -> None:
    review = review_program(history(["prone-on-elbows"], [easy("prone-on-elbows", d) for d in (100, 101, 102)]),
                            RULES, EXERCISES)
    [change] = review.changes
    assert (change.action, change.to_exercise_id) == ("progress", "prone-press-up")
    assert "3 sessions in a row" in change.message and change.message.endswith("Next: Prone press-up.")


def test_two_easy_sessions_are_not_enough() -> None:
    review = review_program(history(["prone-on-elbows"], [easy("prone-on-elbows", d) for d in (101, 102)]),
                            RULES, EXERCISES)
    assert review.changes == ()


@pytest.mark.parametrize("spoiler", [{"pain": 3}, {"pain": 0, "completed": False}])
def test_a_painful_or_unfinished_session_resets_the_run(spoiler: dict[str, Any]) -> None:
    sessions = [easy("prone-on-elbows", 100), easy("prone-on-elbows", 101, **spoiler), easy("prone-on-elbows", 102)]
    assert review_program(history(["prone-on-elbows"], sessions), RULES, EXERCISES).changes == ()


def test_without_a_harder_exercise_the_dose_grows_within_bounds() -> None:
    [change] = review_program(history(["supine-marching", "dead-bug"], [
        *(easy("supine-marching", d) for d in (100, 101, 102))]), RULES, EXERCISES).changes
    # dead-bug (its next step) is already in the routine, so the dose grows instead of duplicating it
    assert (change.code, change.to_exercise_id, change.dosage.reps) == ("progress_dose", "supine-marching", 12)


def test_only_one_step_forward_per_review() -> None:
    routine = ["prone-on-elbows", "lower-trunk-rotation"]
    sessions = [easy(e, d) for d in (100, 101, 102) for e in routine]
    review = review_program(history(routine, sessions), RULES, EXERCISES)
    assert [c.exercise_id for c in review.changes] == ["prone-on-elbows"]


def test_spreading_symptoms_regress_to_the_easier_exercise() -> None:
    sessions = [easy("prone-on-elbows", 100), easy("prone-on-elbows", 101, pain=3, spreading=True)]
    [change] = review_program(history(["prone-on-elbows"], sessions), RULES, EXERCISES).changes
    assert (change.action, change.code, change.to_exercise_id) == ("regress", "regress_on_spreading", "prone-lying")


def test_sharp_pain_regresses_and_without_an_easier_exercise_the_dose_halves() -> None:
    sessions = [easy("supine-marching", 100, pain=6, sharp=True)]
    [change] = review_program(history(["supine-marching"], sessions), RULES, EXERCISES).changes
    assert (change.code, change.to_exercise_id, change.dosage.reps) == ("regress_on_sharp_pain", "supine-marching", 5)


def test_a_pain_rise_of_two_points_regresses_once() -> None:
    checkins = [CheckIn(101, 3), CheckIn(102, 5)]
    review = review_program(history(["prone-on-elbows"], checkins=checkins), RULES, EXERCISES)
    assert [c.code for c in review.changes] == ["regress_on_pain_rise"]
    assert "rose by 2 points" in review.changes[0].message
    reviewed = review_program(history(["prone-on-elbows"], checkins=checkins, fresh_checkin=False), RULES, EXERCISES)
    assert reviewed.changes == ()


def test_a_one_point_rise_changes_nothing() -> None:
    assert review_program(history(["prone-on-elbows"], checkins=[CheckIn(101, 5), CheckIn(102, 6)]),
                          RULES, EXERCISES).changes == ()


def test_arthritis_progresses_no_faster_than_one_step_a_week() -> None:
    sessions = [easy("bridge", d) for d in (100, 101, 102)]
    slow = review_program(history(["bridge"], sessions, today=103, tags=frozenset({"arthritis"})), RULES, EXERCISES)
    assert slow.changes == ()
    week = review_program(history(["bridge"], sessions, today=107, tags=frozenset({"arthritis"})), RULES, EXERCISES)
    assert [c.action for c in week.changes] == ["progress"]


def test_a_red_flag_at_check_in_stops_everything() -> None:
    sessions = [easy("prone-on-elbows", d) for d in (100, 101, 102)]
    review = review_program(history(["prone-on-elbows"], sessions, [CheckIn(103, 2, red_flag=True)]),
                            RULES, EXERCISES)
    assert review.stop and review.changes == ()
    assert [a.code for a in review.advice] == ["stop_on_red_flag"]


def test_two_bad_days_advise_a_clinician() -> None:
    checkins = [CheckIn(101, 7), CheckIn(102, 4), CheckIn(103, 6)]
    review = review_program(history(["prone-on-elbows"], checkins=checkins, baseline=5), RULES, EXERCISES)
    assert "clinician_after_bad_days" in [a.code for a in review.advice]


def test_no_improvement_after_four_weeks_suggests_a_review() -> None:
    review = review_program(history(["prone-on-elbows"], checkins=[CheckIn(128, 5)], today=128), RULES, EXERCISES)
    assert [a.code for a in review.advice] == ["review_without_improvement"]
    better = review_program(history(["prone-on-elbows"], checkins=[CheckIn(128, 2)], today=128), RULES, EXERCISES)
    assert better.advice == ()
