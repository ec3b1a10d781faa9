"""The follow-along session page in a real Chromium: from the intake to Start, a whole (short, sped-up) session
to the done screen; a sharp pain that stops it with the engine's advice; and a dropped connection, through which
the countdown keeps going and the events wait in the outbox, sent once each when the connection is back."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import Server, check_page, start_routine

pytestmark = pytest.mark.browser

SPEED = "20"  # the page's clock runs 20 times faster: the 3-minute routine (2 exercises) takes seconds
SHOWN = """() => ({label: document.getElementById('phase-label').textContent,
    stage: document.getElementById('stage').className, where: document.getElementById('where').textContent})"""


@pytest.fixture(scope="module")
def fast(serve: Callable[..., Server]) -> str:
    return serve({"BACKCOACH_SESSION_SPEED": SPEED}).url


def open_a_session(page: Any, url: str) -> int:
    """A plan for a back with no warning signs and 3 minutes a day (a short routine), started from its page."""
    start_routine(page, url, pain_now="3", minutes_available="3")
    page.wait_for_selector("#session[data-mode=ready]")
    return int(page.get_attribute("#session", "data-session-id"))


def answer(page: Any, level: int = 0, sharp: bool = False, leg: str = "none", warning: str | None = None) -> None:
    page.wait_for_selector("#pain-dialog[open]")
    page.click(f"#pain-form .level:has(input[value='{level}'])")
    page.check(f"#pain-form input[name=sharp][value={'yes' if sharp else 'no'}]")
    page.check(f"#pain-form input[name=leg][value='{leg}']")
    if warning:
        page.check(f"#pain-form input[name=red_flag][value={warning}]")
    page.click("#pain-send")


def stored(page: Any, url: str, session_id: int) -> dict[str, Any]:
    """The session as the server keeps it, read with the page's own cookies."""
    answer_ = page.request.get(f"{url}/api/v1/sessions/{session_id}")
    assert answer_.ok
    document: dict[str, Any] = answer_.json()
    return document


def settled(page: Any) -> None:
    """Every event the page queued has been answered by the server."""
    page.wait_for_function("() => window.BackCoachSession.outbox.pending() === 0"
                           " && window.BackCoachSession.state.log.every(e => e.answered)")


def test_a_whole_session_from_the_intake_to_the_done_screen(page: Any, fast: str) -> None:
    session_id = open_a_session(page, fast)
    assert page.text_content("#phase-label") == "Ready when you are"
    page.click("#start")
    page.wait_for_selector("#session[data-phase=reps]")
    shown = page.evaluate(SHOWN)
    assert shown["label"] == "Repetitions" and shown["stage"] == "stage phase-reps" and "rep " in shown["where"]
    page.click("#rep")  # a repetition done before its tempo ran out: the engine counts it, the page follows
    page.wait_for_selector("#session[data-mode=running]")
    check_page(page, "session-running")
    page.wait_for_selector("#pain-dialog[open]")  # the check-in after the first exercise
    assert "Check-in" in page.inner_text("#pain-title")
    check_page(page, "session-check-in")
    answer(page)
    page.wait_for_selector("#session[data-mode=running]")
    page.wait_for_selector("#session[data-phase=hold]")
    assert "Lower trunk rotation" in page.inner_text("#name")
    answer(page)
    page.wait_for_selector("#done:not([hidden])")
    settled(page)
    page.wait_for_selector("#summary li:has-text('Lower trunk rotation')")
    check_page(page, "session-done")
    assert page.locator("#done a[href='/checkin']").count() == 1
    document = stored(page, fast, session_id)
    assert document["status"] == "completed"
    assert [e["status"] for e in document["summary"]["exercises"]] == ["completed", "completed"]
    assert [e["type"] for e in document["events"] if e["type"] != "tick"] == ["start", "rep_done", "pain_report",
                                                                              "pain_report"]
    assert document["summary"]["exercises"][0]["reps"] == {"both": 10}


def test_sharp_pain_stops_the_session_with_the_engines_advice(page: Any, fast: str) -> None:
    session_id = open_a_session(page, fast)
    page.click("#start")
    page.wait_for_selector("#session[data-phase=reps]")
    page.click("#hurt")
    page.wait_for_selector("#session[data-mode=hurt]")
    answer(page, level=6, sharp=True)
    page.wait_for_selector("#stopped:not([hidden])")
    assert "Sharp pain: stop now" in page.inner_text("#advice")
    settled(page)
    check_page(page, "session-stopped")
    document = stored(page, fast, session_id)
    assert document["status"] == "stopped" and document["stopped"]["reason"] == "sharp_pain"
    assert document["stopped"]["advice"] in page.inner_text("#advice")


def test_a_warning_sign_reported_offline_stops_with_the_screened_advice(page: Any, fast: str) -> None:
    session_id = open_a_session(page, fast)
    page.click("#start")
    page.wait_for_selector("#session[data-phase=reps]")
    page.context.set_offline(True)
    page.click("#hurt")
    answer(page, level=3, warning="bladder_or_bowel_change")
    page.wait_for_selector("#stopped:not([hidden])")
    offline_advice = page.inner_text("#advice")
    assert "emergency" in offline_advice.lower()
    page.context.set_offline(False)
    settled(page)
    document = stored(page, fast, session_id)
    assert document["stopped"]["reason"] == "warning_sign" and document["stopped"]["advice"] == offline_advice


def test_offline_the_countdown_goes_on_and_every_event_is_sent_once_back_online(page: Any, fast: str) -> None:
    session_id = open_a_session(page, fast)
    page.click("#start")
    page.wait_for_selector("#session[data-phase=reps]")
    page.context.set_offline(True)
    before = page.inner_text("#where")
    page.wait_for_function("() => document.getElementById('net').dataset.waiting >= 1")
    assert "offline" in page.inner_text("#net").lower() and "waiting" in page.inner_text("#net")
    page.wait_for_function("b => document.getElementById('where').innerText !== b", arg=before)  # it goes on
    answer(page)  # the check-in, answered offline: the engine's answer from the script
    page.wait_for_selector("#session[data-phase=hold]")
    page.click("#pause")
    page.wait_for_selector("#session[data-mode=paused]")
    page.click("#pause")
    page.wait_for_selector("#session[data-mode=running]")
    check_page(page, "session-offline")
    page.click("#skip")  # the last exercise: the engine completes the session
    page.wait_for_selector("#done:not([hidden])")
    assert "saved when you are back online" in page.inner_text("#summary")
    waiting = int(page.get_attribute("#net", "data-waiting"))
    assert waiting >= 6, "ticks, the check-in, pause, resume and skip wait in the outbox"
    page.context.set_offline(False)
    settled(page)
    page.wait_for_selector("#summary li:has-text('skipped')")
    sent = page.evaluate("() => window.BackCoachSession.state.log")
    document = stored(page, fast, session_id)
    keys = [event["idempotency_key"] for event in document["events"]]
    assert Counter(keys).most_common(1)[0][1] == 1, "nothing stored twice"
    kept = [e["key"] for e in sent if e["type"] != "tick" or e["effects"]]
    assert keys == kept, "every event that changes something is stored, in order"
    assert all(e["answered"] and not e.get("refused") for e in sent), "nothing lost or refused"
    assert document["status"] == "completed"
    assert [e["status"] for e in document["summary"]["exercises"]] == ["completed", "skipped"]
    assert [e["type"] for e in document["events"] if e["type"] != "tick"] == [
        "start", "pain_report", "pause", "resume", "skip"]
