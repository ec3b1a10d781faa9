"""A person with a routine checks in from the form and sees it on the progress charts, at phone and desktop size,
in a real Chromium served by the real app; a visitor without an account is told how to start."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import check_page, start_routine

pytestmark = pytest.mark.browser

POINTS = """id => Chart.getChart(document.querySelector('#chart-' + id + ' canvas')).data.datasets[0].data"""


def check_in(page: Any, server: str, pain: int, leg: str, rating: int, *, sign: str = "") -> None:
    page.goto(server + "/checkin")
    page.click(f".scale input[value='{pain}']", force=True)
    page.check(f"input[name=leg_symptoms][value={leg}]")
    page.fill("#psfs_name_1", "Sitting for 30 minutes")
    page.select_option("#psfs_rating_1", str(rating))
    for radio in page.locator(".warning_signs input[value=no]").all():
        radio.check()
    if sign:
        page.check(f"input[name=red_flags__{sign}][value=yes]")
    page.click("button.primary")
    page.wait_for_url("**/progress?saved=1")


def test_a_check_in_in_the_form_shows_on_the_charts(server: str, page: Any, size: str) -> None:
    start_routine(page, server, pain_now="5")
    page.goto(server + "/checkin")
    page.wait_for_selector("form.checkin")
    check_page(page, "checkin")
    page.click("button.primary")  # nothing answered: every problem at once
    page.wait_for_selector("#form-error")
    assert "Pain right now" in page.inner_text("#form-error")
    check_page(page, "checkin-errors")

    check_in(page, server, 4, "above_knee", 3)
    check_in(page, server, 3, "buttock", 6)
    assert "Check-in saved" in page.inner_text("#latest-checkin")
    page.wait_for_function("() => document.querySelectorAll('figure.chart.drawn').length === 3")
    assert page.locator("figure.chart").count() == 3, "pain, activities and legs (no Oswestry answered)"
    assert page.evaluate(POINTS, "pain") == [4, 3]
    assert page.evaluate(POINTS, "psfs") == [3, 6]
    assert page.evaluate(POINTS, "legs") == [2, 1]
    pain_rows = page.locator("#chart-pain tbody tr")
    assert pain_rows.count() == 2 and "★ yes" in pain_rows.nth(1).inner_text(), "5 → 3: 2 points, important"
    assert page.locator("#chart-pain canvas").is_visible()
    check_page(page, "progress")

    check_in(page, server, 3, "buttock", 6, sign="saddle_numbness")  # a warning sign: exercise stops
    assert page.get_attribute("#checkin-triage", "data-level") == "emergency"
    assert page.locator("#exercise-stopped").is_visible() and page.locator("#lesson").count() == 0
    check_page(page, "progress-stopped")


def test_a_visitor_is_told_how_to_start(server: str, page: Any) -> None:
    for path, name in (("/progress", "progress-visitor"), ("/checkin", "checkin-visitor")):
        page.goto(server + path)
        assert page.locator("#how-to-start").is_visible()
        assert page.locator("canvas").count() == 0
        check_page(page, name)
