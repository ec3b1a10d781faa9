"""Outcome scoring per the fact sheet §5, with the minimal clinically important differences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcoach.domain.outcomes import (
    nprs_change,
    odi_band,
    odi_change,
    odi_percent,
    psfs_change,
    psfs_mean,
    psfs_same_activities,
)
from backcoach.domain.start_back import START_BACK_AGREE_ITEMS, start_back


def test_odi_examples_from_the_fact_sheet() -> None:
    assert odi_percent([2, 2, 2, 2, 2, 2, 1, 1, 1, 1]) == 32.0  # 16/50
    assert odi_percent([2, 2, 2, 2, 2, 2, 2, 1, 1, None]) == 35.6  # 16/45 = 35.5 %


def test_odi_needs_ten_sections_scored_0_to_5() -> None:
    with pytest.raises(ValueError):
        odi_percent([1] * 9)
    with pytest.raises(ValueError):
        odi_percent([6] + [0] * 9)
    assert odi_percent([None] * 10) is None


@pytest.mark.parametrize(("percent", "band"), [(0, "minimal"), (20, "minimal"), (21, "moderate"), (60, "severe"),
                                               (75, "crippled"), (90, "bed-bound")])
def test_odi_bands(percent: float, band: str) -> None:
    assert odi_band(percent) == band


def test_nprs_mcid_is_two_points_or_thirty_percent() -> None:
    assert nprs_change(6, 4).important and nprs_change(6, 4).direction == "better"
    assert not nprs_change(8, 7).important
    assert nprs_change(3, 2).important, "1 point is 33 % of 3"
    assert nprs_change(4, 6).direction == "worse"


def test_odi_and_psfs_thresholds() -> None:
    assert odi_change(40, 30).important and not odi_change(40, 32).important
    assert psfs_change(4.0, 6.0).important and not psfs_change(4.0, 5.5).important
    assert psfs_mean([3, 5, 7]) == 5.0


# --- STarT Back (fact sheet §5) -------------------------------------------------------------------------------

BOTHER = ("not_at_all", "slightly", "moderately", "very_much", "extremely")


def items(agree: set[str], bother: str = "slightly") -> dict[str, object]:
    return {**{name: name in agree for name in START_BACK_AGREE_ITEMS}, "bothersomeness": bother}


@pytest.mark.parametrize(("agree", "bother", "total", "sub", "risk"), [
    (set(), "not_at_all", 0, 0, "low"),
    ({"leg_pain_spread", "shoulder_or_neck_pain", "walked_short_distances_only"}, "moderately", 3, 0, "low"),
    ({"leg_pain_spread", "shoulder_or_neck_pain", "walked_short_distances_only", "dressed_more_slowly"},
     "slightly", 4, 0, "medium"),
    ({"leg_pain_spread", "not_safe_to_be_active", "worrying_thoughts", "terrible_never_better"}, "very_much", 5, 4,
     "high"),
    ({"leg_pain_spread", "dressed_more_slowly", "worrying_thoughts", "not_enjoyed_things"}, "extremely", 5, 3,
     "medium"),
    (set(START_BACK_AGREE_ITEMS), "extremely", 9, 5, "high"),
])
def test_start_back_scores_and_stratifies(agree: set[str], bother: str, total: int, sub: int, risk: str) -> None:
    score = start_back(items(agree, bother))
    assert score is not None and (score.total, score.subscale, score.risk) == (total, sub, risk)


def test_start_back_is_not_guessed_from_a_partial_answer() -> None:
    partial = items({"worrying_thoughts"})
    del partial["not_enjoyed_things"]
    assert start_back(partial) is None
    assert start_back({**items(set()), "bothersomeness": None}) is None


@settings(deadline=None)
@given(st.sets(st.sampled_from(START_BACK_AGREE_ITEMS)), st.sampled_from(BOTHER))
def test_start_back_rules_hold_for_every_answer(agree: set[str], bother: str) -> None:
    score = start_back(items(agree, bother))
    assert score is not None
    assert score.total == len(agree) + (bother in ("very_much", "extremely"))
    assert score.risk == ("low" if score.total <= 3 else "high" if score.subscale >= 4 else "medium")


def test_psfs_trend_compares_the_same_activities() -> None:
    # 5.5 over walking and sitting, then 7.0 over gardening alone: not comparable as "better"
    assert psfs_same_activities([{"walking": 5, "sitting": 6}, {"gardening": 7}]) is None
    change = psfs_same_activities([{"walking": 5, "sitting": 6}, {"Walking ": 4, "gardening": 9}])
    assert change is not None
    assert (change.baseline, change.latest, change.direction) == (5.0, 4.0, "worse"), "walking alone, 5 -> 4"


def test_psfs_trend_starts_from_the_earliest_ratings_that_share_an_activity() -> None:
    change = psfs_same_activities([{"gardening": 2}, {"walking": 3}, {"walking": 6, "sitting": 8}])
    assert change is not None and (change.baseline, change.latest, change.important) == (3.0, 6.0, True)
    assert psfs_same_activities([{"walking": 3}]) is None
