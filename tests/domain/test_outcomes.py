"""Outcome scoring per the fact sheet §5, with the minimal clinically important differences."""

from __future__ import annotations

import pytest

from backcoach.domain.outcomes import nprs_change, odi_band, odi_change, odi_percent, psfs_change, psfs_mean


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
