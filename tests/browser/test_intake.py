"""A person fills the intake step by step in a real Chromium (Debian's), at phone and desktop size, and gets
their plan at its own address."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import check_page, wider_than_the_screen

pytestmark = pytest.mark.browser

SCIATICA = {"age": "41", "pain_now": "5", "leg_symptoms": "below_knee", "leg_symptom_side": "left",
            "worse_with": ["sitting"], "better_with": ["walking"],
            "repeated_movement_response__extension": "centralized"}


def answer(page: Any, question: Any, value: str | list[str]) -> None:
    """Answer one visible question as a person would: type a number, or tap the choices."""
    name = question.get_attribute("id").removeprefix("q-")
    if question.locator("input[type=number]").count():
        page.fill(f"#{name}", str(value))
        return
    for choice in [value] if isinstance(value, str) else value:
        question.locator(f"input[name='{name}'][value='{choice}']").check()


def answer_what_must_be(page: Any) -> None:
    """Answer the questions on this screen that cannot be skipped: age 44, pain 4, a warning sign no."""
    for question in page.locator(".question[data-must]:visible").all():
        answer(page, question, {"q-age": "44", "q-pain_now": "4"}.get(question.get_attribute("id"), "no"))


def go_through(page: Any, answers: dict[str, Any], warning_yes: tuple[str, ...] = ()) -> list[str]:
    """Answer every screen of the stepped intake and send it; warning signs are "no" unless named. Returns
    the progress line of every screen seen."""
    seen = []
    while True:
        seen.append(page.inner_text("#progress-text"))
        for question in page.locator(".question:visible").all():
            name = question.get_attribute("id").removeprefix("q-")
            if name.startswith("red_flags__"):
                answer(page, question, "yes" if name in warning_yes else "no")
            elif name in answers:
                answer(page, question, answers[name])
        if not page.is_visible("#step-next"):
            break
        page.click("#step-next")
    with page.expect_navigation():
        page.click("#submit-intake")
    return seen


def test_a_person_steps_through_the_intake_and_gets_a_plan_at_its_own_address(page: Any, server: str,
                                                                             size: str) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#progress-text:has-text('Step 1 of 7')")
    assert page.locator("#submit-intake").is_hidden(), "the plan is asked for on the last screen"
    check_page(page, "intake-start")
    page.fill("#age", "41")
    if size == "phone":
        assert page.locator(".question:visible").count() == 1, "one question per screen on a phone"
        assert page.is_hidden("#pain_now")
    else:
        page.fill("#pain_now", "5")
    page.click("#step-next")
    page.click("#step-back")
    assert page.is_visible("#age") and page.input_value("#age") == "41", "an answer is kept going back"
    steps = go_through(page, SCIATICA)
    assert steps[0].startswith("Step 1 of 7") and steps[-1].startswith("Step 7 of 7")
    assert (len(steps) > 40) == (size == "phone"), "a question per screen on a phone, a step per screen on a desktop"

    assert re.search(r"/plans/[A-Za-z0-9_-]+$", page.url), page.url
    assert page.get_attribute("#triage", "data-level") == "self_care_ok"
    assert page.get_attribute("#bias", "data-bias") == "extension"
    directions = page.eval_on_selector_all(".card", "cards => cards.map(c => c.dataset.direction)")
    assert "flexion" not in directions and "extension" in directions
    figures = page.eval_on_selector_all(".card img.figure", "imgs => imgs.map(i => i.getAttribute('src'))")
    assert figures and all(re.fullmatch(r"/exercises/[a-z0-9-]+/figure\.svg", src) for src in figures)
    assert all(dose.strip() for dose in page.locator(".card .dose").all_inner_texts())
    assert page.locator("button:has-text('Start this routine')").count() >= 1
    check_page(page, "plan")

    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    address = page.url
    page.reload()
    page.wait_for_selector("#triage")
    assert page.url == address and posts == [], "reloading the plan sends nothing again"


def test_numb_when_you_wipe_gets_the_urgent_page_with_no_exercise_advice(page: Any, server: str) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#progress-text")
    go_through(page, {"age": "52", "pain_now": "7"}, warning_yes=("red_flags__saddle_numbness",))
    assert page.get_attribute("#triage", "data-level") == "emergency"
    banner = page.inner_text("#triage").lower()
    assert "emergency" in banner and "what to do now" in banner
    for advice in (".card", "form.start", ".video", "iframe", "#flare-up", "#left-out"):
        assert page.locator(advice).count() == 0, advice
    check_page(page, "plan-emergency")


def test_a_skipped_warning_sign_is_refused_naming_why(page: Any, server: str, size: str) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#progress-text")
    while not page.is_visible("#step-warning_signs"):
        answer_what_must_be(page)
        page.click("#step-next")
    before = page.inner_text("#progress-text")
    page.click("#step-next")
    assert page.inner_text("#progress-text") == before, "Next is refused"
    error = page.locator("#q-red_flags__saddle_numbness .field-error")
    assert error.is_visible() and "can't be skipped" in error.inner_text()
    assert page.locator(".question.invalid:visible").count() == (1 if size == "phone" else 19)
    check_page(page, "intake-refused")
    page.check("input[name=red_flags__saddle_numbness][value=no]")
    assert error.is_hidden(), "the message goes once it is answered"


def test_what_the_server_refuses_is_listed_at_once_and_its_step_opens(page: Any, server: str) -> None:
    """A form sent without the script's checks (an old page, a script that failed): the server lists every
    problem by its question, keeps every answer and opens the step of the first one."""
    page.goto(server + "/")
    page.wait_for_selector("#progress-text")
    page.fill("#age", "44")
    page.evaluate("document.getElementById('pain_now').value = '12'")
    page.evaluate("document.querySelector('input[name=worse_with][value=sitting]').checked = true")
    with page.expect_navigation():
        page.evaluate("document.getElementById('intake').submit()")  # submit() skips the script's own check
    summary = page.locator("#form-error")
    assert summary.is_visible() and page.evaluate("document.activeElement.id") == "form-error"
    text = summary.inner_text()
    assert "How bad is your pain right now" in text and "numb when you wipe" in text and "pain_now" not in text
    assert page.is_visible("#pain_now") and page.input_value("#pain_now") == "12", "the first problem's step opens"
    assert page.input_value("#age") == "44" and page.is_checked("input[name=worse_with][value=sitting]")
    check_page(page, "intake-error")
    page.click("#form-error a[href='#q-red_flags__fever_or_chills']")
    assert page.is_visible("#q-red_flags__fever_or_chills"), "a link in the summary opens its question"


def test_the_video_loads_only_when_asked(page: Any, server: str) -> None:
    fetched: list[str] = []

    def fake_player(route: Any) -> None:
        fetched.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>player</title>")

    page.route("https://www.youtube-nocookie.com/**", fake_player)
    page.goto(server + "/")
    page.wait_for_selector("#progress-text")
    go_through(page, SCIATICA)
    button = page.locator(".video button.play").first
    assert re.fullmatch(r"Play video from \d+:\d\d", button.inner_text().strip())
    assert page.locator("iframe").count() == 0 and fetched == [], "nothing from YouTube before the click"
    button.click()
    frame = page.wait_for_selector(".video iframe")
    src = frame.get_attribute("src")
    assert re.match(r"https://www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]+\?start=\d+", src), src
    assert frame.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin" and frame.get_attribute("title")
    page.wait_for_function("() => true")
    assert wider_than_the_screen(page) == []


def test_tap_targets_are_big_enough_on_a_phone(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + "/")
    page.wait_for_selector("#progress-text")
    while page.is_visible("#step-next"):
        small = page.evaluate("""() => [...document.querySelectorAll('.choice, button, input[type=number]')]
            .filter(el => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
            .map(el => el.textContent.trim() || el.id)""")
        assert small == [], small
        answer_what_must_be(page)
        page.click("#step-next")
    context.close()


def test_without_javascript_the_whole_form_is_one_page(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/")
    assert page.locator(".question:visible").count() > 40 and page.is_visible("#submit-intake")
    page.fill("#age", "41")
    page.click("#submit-intake")
    assert "answers need your attention" in page.inner_text("#form-error")
    assert page.input_value("#age") == "41"
    assert wider_than_the_screen(page) == []
    context.close()
