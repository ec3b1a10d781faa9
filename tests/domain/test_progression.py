"""Progress, regress and stop rules over days (clinical_facts.md §4), on the real rules and library.

Day numbers are calendar days; the program's current version began on day 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcoach.domain.legs import LegReport
from backcoach.domain.progression import CheckIn, ExerciseSession, ProgramHistory, RoutineEntry, review_program
from backcoach.knowledge.loader import load_knowledge, load_progression_rules

EXERCISES = load_knowledge().exercises
RULES = load_progression_rules()
REST = ("hooklying-rest", "side-lying-rest")


def entry(exercise_id: str, **dose: Any) -> RoutineEntry:
    return RoutineEntry(exercise_id, EXERCISES[exercise_id].default_dosage._replace(**dose))


def easy(exercise_id: str, day: int, pain: int | None = 1, **kw: Any) -> ExerciseSession:
    return ExerciseSession(day=day, exercise_id=exercise_id, max_pain=pain, **kw)


def history(routine: Sequence[str | RoutineEntry], sessions: Sequence[ExerciseSession] = (),
            checkins: Sequence[CheckIn] = (), today: int = 104, baseline: int = 5, **kw: Any) -> ProgramHistory:
    entries = tuple(e if isinstance(e, RoutineEntry) else entry(e) for e in routine)
    kw.setdefault("rest_positions", REST)
    return ProgramHistory(entries, tuple(sessions), tuple(checkins), baseline, 100, today, **kw)


def review(*args: Any, **kw: Any) -> Any:
    return review_program(history(*args, **kw), RULES, EXERCISES)


GOOD_NEXT_DAY = (CheckIn(103, 4),)


# --- progression counts days and waits for the next-day response --------------------------------------

def test_three_easy_days_and_a_good_next_day_progress_to_the_next_step() -> None:
    result = review(["prone-on-elbows"], [easy("prone-on-elbows", d) for d in (100, 101, 102)], GOOD_NEXT_DAY)
    [change] = result.changes
    assert (change.action, change.to_exercise_id) == ("progress", "prone-press-up")
    assert change.message == "Prone on elbows moves on to Prone press-up."
    assert [r.code for r in result.reasons] == ["progress"] and "3 days in a row" in result.reasons[0].message


def test_three_sessions_in_one_day_are_one_day() -> None:
    sessions = [easy("prone-on-elbows", 102) for _ in range(3)]
    assert review(["prone-on-elbows"], sessions, GOOD_NEXT_DAY).changes == ()


def test_no_step_without_the_next_day_response() -> None:
    sessions = [easy("prone-on-elbows", d) for d in (100, 101, 102)]
    assert review(["prone-on-elbows"], sessions, [CheckIn(102, 1)]).changes == ()
    assert review(["prone-on-elbows"], sessions, [CheckIn(103, None)]).changes == (), "unreported is unknown"


def test_days_must_follow_each_other() -> None:
    sessions = [easy("prone-on-elbows", d) for d in (98, 100, 102)]
    assert review(["prone-on-elbows"], sessions, GOOD_NEXT_DAY).changes == ()


@pytest.mark.parametrize("spoiler", [{"pain": 3}, {"pain": None}, {"completed": False}, {"sharp": True},
                                     {"spreading": True}], ids=["pain-3", "unreported", "unfinished", "sharp",
                                                                 "spreading"])
def test_one_session_that_was_not_easy_spoils_its_day(spoiler: dict[str, Any]) -> None:
    sessions = [easy("prone-on-elbows", d) for d in (100, 101, 102)] + [easy("prone-on-elbows", 101, **spoiler)]
    result = review(["prone-on-elbows"], sessions, GOOD_NEXT_DAY)
    assert not [c for c in result.changes if c.action == "progress"]


def test_a_next_day_rise_blocks_the_step_and_steps_back_instead() -> None:
    sessions = [easy("prone-on-elbows", d) for d in (100, 101, 102)]
    result = review(["prone-on-elbows"], sessions, [CheckIn(101, 3), CheckIn(103, 5)])
    assert [c.action for c in result.changes] == ["regress"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(100, 103), st.one_of(st.none(), st.integers(0, 10))), max_size=8),
       st.lists(st.tuples(st.integers(100, 104), st.one_of(st.none(), st.integers(0, 10))), max_size=4))
def test_never_progresses_with_unreported_or_high_pain(sessions: list[tuple[int, int | None]],
                                                       checkins: list[tuple[int, int | None]]) -> None:
    done = [easy("prone-on-elbows", day, pain) for day, pain in sorted(sessions, key=lambda s: s[0])]
    result = review(["prone-on-elbows"], done, [CheckIn(d, p) for d, p in sorted(checkins, key=lambda c: c[0])])
    if any(c.action == "progress" for c in result.changes):
        last = max(s.day for s in done)
        for day in (last - 2, last - 1, last):
            that_day = [s for s in done if s.day == day]
            assert that_day and all(s.max_pain is not None and s.max_pain <= 2 for s in that_day)


def test_without_a_harder_exercise_the_dose_grows_within_bounds() -> None:
    result = review(["supine-marching", "dead-bug"], [easy("supine-marching", d) for d in (100, 101, 102)],
                    GOOD_NEXT_DAY)
    [change] = result.changes  # dead-bug is already in the routine: the dose grows instead of duplicating it
    assert (change.code, change.to_exercise_id, change.dosage.reps) == ("progress_dose", "supine-marching", 12)


def test_only_one_step_forward_per_review() -> None:
    routine = ["prone-on-elbows", "lower-trunk-rotation"]
    sessions = [easy(e, d) for d in (100, 101, 102) for e in routine]
    assert [c.exercise_id for c in review(routine, sessions, GOOD_NEXT_DAY).changes] == ["prone-on-elbows"]


def test_arthritis_progresses_no_faster_than_one_step_a_week() -> None:
    sessions = [easy("bridge", d) for d in (100, 101, 102)]
    arthritis = frozenset({"arthritis"})
    assert review(["bridge"], sessions, GOOD_NEXT_DAY, tags=arthritis, program_start_day=100).changes == ()
    week = review(["bridge"], sessions, GOOD_NEXT_DAY, today=107, tags=arthritis, program_start_day=100)
    assert [(c.code, c.to_exercise_id, c.dosage.reps) for c in week.changes] == [("progress_dose", "bridge", 12)]
    recent_step = review(["bridge"], sessions, GOOD_NEXT_DAY, today=107, tags=arthritis, last_progress_day=103)
    assert recent_step.changes == ()


def test_bridging_grows_its_dose_slowly_before_its_harder_version() -> None:
    sessions = [easy("bridge", d) for d in (100, 101, 102)]
    [more] = review(["bridge"], sessions, GOOD_NEXT_DAY).changes
    assert more.code == "progress_dose" and "a little more" in more.message
    [harder] = review([entry("bridge", reps=15)], sessions, GOOD_NEXT_DAY).changes
    assert harder.to_exercise_id == "bridge-march"


def test_a_step_keeps_how_often_a_day_the_routine_repeats_it() -> None:
    sessions = [easy("prone-lying", d) for d in (100, 101, 102)]
    [change] = review([entry("prone-lying", times_per_day=6)], sessions, GOOD_NEXT_DAY).changes
    assert change.to_exercise_id == "prone-on-elbows" and change.dosage.times_per_day == 6


# --- leg symptoms: spreading regresses, then stops the direction; centralizing is progress ---------------

def legs(*levels: tuple[int, str, str | None], kinds: Sequence[str] = ()) -> tuple[LegReport, ...]:
    reports = [LegReport(100, "below_knee", source="intake")]
    reports += [LegReport(day, level, frozenset(kinds) if i == len(levels) - 1 else frozenset(), direction)
                for i, (day, level, direction) in enumerate(levels)]
    return tuple(reports)


EXTENSION_ROUTINE = ["prone-on-elbows", "standing-back-extension", "lower-trunk-rotation"]


def test_spreading_once_steps_the_provoking_direction_back() -> None:
    result = review(EXTENSION_ROUTINE, legs=legs((101, "foot", "extension")))
    actions = {c.exercise_id: (c.action, c.to_exercise_id) for c in result.changes}
    assert actions["prone-on-elbows"] == ("regress", "prone-lying")
    assert actions["standing-back-extension"][0] == "regress"
    assert "lower-trunk-rotation" not in actions, "rotation did not provoke it"
    assert [r.code for r in result.reasons] == ["regress_on_spreading"] and result.stopped_directions == ()


def test_spreading_a_second_time_stops_that_direction_and_advises_a_clinician() -> None:
    result = review(EXTENSION_ROUTINE, legs=legs((101, "foot", "extension"), (102, "below_knee", "extension"),
                                                 (103, "foot", "extension")))
    assert result.stopped_directions == ("extension",)
    remaining = {c.to_exercise_id for c in result.changes} - {None}
    assert not any(EXERCISES[e].moves("extension") for e in remaining)
    assert "clinician_spreading" in [a.code for a in result.advice]


def test_spreading_with_new_numbness_stops_the_direction_at_once() -> None:
    result = review(EXTENSION_ROUTINE, legs=legs((101, "foot", "extension"), kinds=["numbness"]))
    assert result.stopped_directions == ("extension",)
    assert "new numbness or weakness" in result.reasons[0].message


def test_spreading_at_a_check_in_is_laid_on_the_routine_s_direction() -> None:
    result = review(EXTENSION_ROUTINE, legs=legs((101, "foot", None)))
    assert {c.exercise_id for c in result.changes} == {"prone-on-elbows", "standing-back-extension"}


def test_symptoms_moving_up_are_named_as_good_progress_and_never_regress() -> None:
    result = review(EXTENSION_ROUTINE, legs=legs((101, "buttock", "extension")))
    assert result.changes == () and [a.code for a in result.advice] == ["centralizing"]
    assert "good progress" in result.advice[0].message


def test_an_already_reviewed_leg_report_is_not_acted_on_twice() -> None:
    assert review(EXTENSION_ROUTINE, legs=legs((101, "foot", "extension")), fresh_legs=False).changes == ()


# --- regressions say what they do; one review, one reason --------------------------------------------------

def test_a_regression_that_cannot_step_back_says_what_it_does_instead() -> None:
    sharp = [easy("supine-marching", 101, pain=6, sharp=True)]
    [fewer] = review(["supine-marching"], sharp).changes  # abdominal bracing already... is its easier step
    assert fewer.to_exercise_id == "abdominal-bracing"
    [reps] = review(["abdominal-bracing"], [easy("abdominal-bracing", 101, pain=6, sharp=True)]).changes
    assert reps.dosage.reps == 5 and "fewer repetitions" in reps.message
    [hold] = review([entry("prone-lying")], [easy("prone-lying", 101, pain=6, sharp=True)]).changes
    assert hold.dosage.hold_seconds == 60 and "shorter holds" in hold.message
    [rest] = review([entry("prone-lying", hold_seconds=10)], [easy("prone-lying", 101, pain=6, sharp=True)]).changes
    assert rest.action == "rest" and rest.to_exercise_id == "hooklying-rest" and "resting position" in rest.message


def test_a_pain_rise_gives_one_reason_and_one_change_per_exercise() -> None:
    routine = ["prone-on-elbows", "lower-trunk-rotation", "bridge", "pelvic-tilt", "cat-cow", "bird-dog"]
    result = review(routine, checkins=[CheckIn(101, 3), CheckIn(102, 5)])
    assert [r.code for r in result.reasons] == ["regress_on_pain_rise"]
    assert "rose by 2 points" in result.reasons[0].message
    assert len(result.changes) == len(routine)
    assert len({c.message for c in result.changes}) == len(routine), "each change says what it does"
    assert review(routine, checkins=[CheckIn(101, 3), CheckIn(102, 5)], fresh_checkin=False).changes == ()


def test_a_one_point_rise_changes_nothing() -> None:
    assert review(["prone-on-elbows"], checkins=[CheckIn(101, 5), CheckIn(102, 6)]).changes == ()


def test_two_bad_days_advise_a_clinician() -> None:
    result = review(["prone-on-elbows"], checkins=[CheckIn(101, 7), CheckIn(102, 4), CheckIn(103, 6)], baseline=5)
    assert "clinician_after_bad_days" in [a.code for a in result.advice]


def test_no_improvement_after_four_weeks_suggests_a_review() -> None:
    result = review(["prone-on-elbows"], checkins=[CheckIn(128, 5)], today=128)
    assert [a.code for a in result.advice] == ["review_without_improvement"]
    assert review(["prone-on-elbows"], checkins=[CheckIn(128, 2)], today=128).advice == ()
