"""A person fills the intake in a real Chromium (Debian's), served by the real app over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import wider_than_the_screen

pytestmark = pytest.mark.browser


def test_sciatica_that_eases_with_backward_bending_gets_an_extension_routine(
    server: str, browser: object, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(server + "/")
    page.fill("#age", "41")
    page.fill("#pain_now", "5")
    page.select_option("#leg_symptoms", "below_knee")
    page.select_option("#leg_symptom_side", "left")
    page.check("input[name=worse_with][value=sitting]")
    page.check("input[name=better_with][value=walking]")
    for radio in page.locator(".warning_signs input[value=no]").all():
        radio.check()
    page.select_option("#repeated_movement_response__extension", "centralized")
    page.click("button.primary")
    page.wait_for_selector("#triage")
    assert page.get_attribute("#triage", "data-level") == "self_care_ok"
    assert page.inner_text("#bias") == "extension"
    assert wider_than_the_screen(page) == [], "the plan fits a phone"
    directions = page.eval_on_selector_all(".card", "cards => cards.map(c => c.dataset.direction)")
    assert "flexion" not in directions and "extension" in directions
    page.screenshot(path=str(tmp_path / "plan-mobile.png"), full_page=True)
    page.close()


def test_numb_when_you_wipe_means_emergency_and_no_routine(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/")
    page.fill("#age", "52")
    page.fill("#pain_now", "7")
    page.check("input[name=red_flags__saddle_numbness][value=yes]")
    page.click("button.primary")
    assert page.get_attribute("#triage", "data-level") == "emergency"
    assert "emergency" in page.inner_text("#triage").lower()
    assert page.locator(".card").count() == 0
    page.close()


def test_every_mistake_is_shown_at_once_next_to_the_form(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/")
    page.fill("#age", "44")
    page.fill("#pain_now", "4")
    page.click("button.primary")
    errors = page.inner_text("#form-error")
    assert "numb when you wipe" in errors and "chest pain" in errors.lower()
    assert page.locator(".warning_signs .question.invalid").count() >= 16
    assert page.input_value("#age") == "44", "answers are kept"
    page.close()



def test_no_page_scrolls_sideways_on_a_phone(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    for path in ("/", "/exercises", "/videos?q=knee+to+chest"):
        page.goto(server + path)
        assert wider_than_the_screen(page) == [], path
    page.goto(server + "/")
    page.fill("#age", "41")
    page.click("button.primary")
    page.wait_for_selector("#form-error")
    assert wider_than_the_screen(page) == [], "the form listing what is missing"
    page.close()
