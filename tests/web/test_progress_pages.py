"""The check-in form and the progress page, server-rendered (no JavaScript needed): CSRF, every problem at once,
warning signs that stop exercise, and the numbers behind every chart with the clinically important change."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backcoach.knowledge.questions import warning_signs
from backcoach.services.planning import build_plan
from devtools.answers import complete

NO_WARNING_SIGNS = {q.form_name: "no" for q in warning_signs(at_checkin=True)}
ANSWERS = complete({"age": 40, "pain_now": 6, "leg_symptoms": "none", "minutes_available": 5})


def token(client: TestClient, path: str = "/checkin") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match
    return match.group(1)


def guest_with_program(client: TestClient) -> Any:
    """A guest account (as starting a routine from a plan makes one) with the plan as its program."""
    app = client.app.state.backcoach  # type: ignore[attr-defined]
    account, session_token = app.guests().start()
    client.cookies.set("backcoach_session", session_token)
    person = app.person(account.id)
    person.programs.save_plan(build_plan(ANSWERS), reason="started from your plan")
    return person


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_a_visitor_without_an_account_is_told_how_to_start(client: TestClient) -> None:
    for path in ("/checkin", "/progress"):
        page = client.get(path)
        assert page.status_code == 200
        assert 'id="how-to-start"' in page.text and 'href="/"' in page.text, path
        assert "<canvas" not in page.text and "<form" not in page.text.split('id="how-to-start"')[1], path


def test_the_form_is_refused_without_its_csrf_token(client: TestClient) -> None:
    person = guest_with_program(client)
    page = client.post("/checkin", data={"pain_now": "3", **NO_WARNING_SIGNS}, follow_redirects=False)
    assert page.status_code == 403
    assert person.programs.progress()["checkins"] == [], "nothing kept"


def test_a_valid_check_in_redirects_to_the_progress_page_which_shows_it(client: TestClient) -> None:
    person = guest_with_program(client)
    form = {"csrf_token": token(client), "pain_now": "3", "leg_symptoms": "buttock", "leg_symptom_kinds": "tingling",
            "psfs_name": ["Sitting 30 min", "", ""], "psfs_rating": ["4", "", ""], "odi_0": "2", "odi_3": "1",
            **NO_WARNING_SIGNS}
    answer = client.post("/checkin", data=form, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/progress?saved=1"
    stored = person.programs.progress()["checkins"][-1]
    assert stored["pain_now"] == 3 and stored["leg_symptoms"] == "buttock" and stored["psfs"] == {"Sitting 30 min": 4}
    assert stored["odi_answers"] == [2, None, None, 1, None, None, None, None, None, None]
    assert stored["red_flags"] is None, "every sign answered no: none reported"
    page = client.get(answer.headers["location"])
    words = text_of(page.text)
    assert "Check-in saved" in words and "Pain 3/10" in words and "into the buttock" in words
    assert 'id="chart-pain"' in page.text and 'id="chart-legs"' in page.text
    assert "Exercise is stopped" not in words


def test_every_problem_is_named_at_once_and_the_answers_are_kept(client: TestClient) -> None:
    guest_with_program(client)
    signs = warning_signs(at_checkin=True)
    form = {"csrf_token": token(client), "psfs_name": ["Walking", "Lifting", ""], "psfs_rating": ["", "5", ""],
            "leg_symptoms": "below_knee", signs[0].form_name: "no"}
    page = client.post("/checkin", data=form)
    assert page.status_code == 422
    listed = text_of(page.text.split('id="form-error"')[1].split("</div>")[0])
    assert "Pain right now, 0 (none) to 10 (worst imaginable)" in listed
    assert "How well can you do 'Walking' now?" in listed
    for sign in signs[1:]:
        assert sign.text in listed, sign.id
    assert signs[0].text not in listed, "the answered sign is not listed"
    assert f"{len(signs) - 1 + 2} answers need your attention" in listed
    assert 'value="Walking"' in page.text and 'value="Lifting"' in page.text
    assert re.search(r'value="below_knee"\s+checked', page.text)
    assert re.search(rf'name="{signs[0].form_name}" value="no"\s+checked', page.text)


def test_a_warning_sign_answered_yes_shows_its_triage_and_stops_exercise(client: TestClient) -> None:
    person = guest_with_program(client)
    form = {"csrf_token": token(client), "pain_now": "5", **NO_WARNING_SIGNS,
            "red_flags__saddle_numbness": "yes"}
    answer = client.post("/checkin", data=form, follow_redirects=False)
    assert answer.status_code == 303
    assert person.programs.progress()["care"]["active"], "a stop was recorded"
    page = client.get("/progress?saved=1").text
    triage = page.split('id="checkin-triage"')[1].split("</div>")[0]
    assert 'data-level="emergency"' in page and 'role="alert"' in page
    assert "numbness" in text_of(triage).lower()
    assert 'id="exercise-stopped"' in page and "Exercise is stopped" in text_of(page)
    assert 'id="lesson"' not in page and 'id="review"' not in page, "no exercise advice while stopped"


def test_progress_shows_every_chart_as_a_table_with_the_clinically_important_change(client: TestClient) -> None:
    person = guest_with_program(client)
    start = datetime.now(UTC) - timedelta(days=9)
    for day, (pain, leg, rating, odi) in enumerate(((6, "below_knee", 3, 3), (5, "above_knee", 4, 2),
                                                    (3, "buttock", 6, 1))):
        person.programs.checkin({"pain_now": pain, "leg_symptoms": leg, "psfs": {"Sitting": rating},
                                 "odi_answers": [odi] * 10}, now=start + timedelta(days=3 * day))
    page = client.get("/progress")
    assert page.status_code == 200
    pain_table = text_of(page.text.split('id="chart-pain"')[1].split("</figure>")[0])
    # baseline 6 (the plan's): 2 points or 30 % below is 4.2; 3 reached it, 5 did not
    assert ("Clinically important improvement: 4.2 or lower (2 points or 30% below your starting pain of 6)"
            in pain_table)
    assert re.search(r"5 not yet .* 3 ★ yes", pain_table)
    psfs_table = text_of(page.text.split('id="chart-psfs"')[1].split("</figure>")[0])
    assert "3 not yet" in psfs_table and "4 not yet" in psfs_table and "6 ★ yes" in psfs_table
    odi_table = text_of(page.text.split('id="chart-odi"')[1].split("</figure>")[0])
    assert "60 %" in odi_table and "20 % ★ yes" in odi_table and "40 % ★ yes" in odi_table
    legs = text_of(page.text.split('id="chart-legs"')[1].split("</figure>")[0])
    assert "Below the knee" in legs and "moved up toward the back" in legs and "good progress" in legs
    assert "clinically important change is one big enough to matter" in text_of(page.text)
    assert "a clinically important change" in text_of(page.text.split('id="changes"')[1])
    assert re.findall(r"<script(?![^>]*\bsrc=)", page.text) == [], "no inline script: the CSP allows none"
    assert 'style="' not in page.text


def test_sessions_and_the_program_history_are_listed(client: TestClient) -> None:
    person = guest_with_program(client)
    program_id, _ = person.programs.require_current()
    person.sessions.start(program_id)
    words = text_of(client.get("/progress").text)
    assert "1 session: 0 completed, 0 stopped." in words and "Last one" in words
    assert "level 1: started from your plan" in words
    assert "No check-ins yet" in words


@pytest.mark.parametrize("path", ["/progress?saved=zzz", "/progress?saved=1"])
def test_a_person_with_no_check_ins_gets_a_page_not_an_error(client: TestClient, path: str) -> None:
    guest_with_program(client)
    page = client.get(path)
    assert page.status_code == 200 and "<canvas" not in page.text
