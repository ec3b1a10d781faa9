"""The session page (GET /sessions/{id}) for its owner only, the visitor's message, the session document's script
(what the page plays while offline), and the test setting that speeds the page's clock up."""

from __future__ import annotations

import dataclasses
import re

import pytest
from fastapi.testclient import TestClient

from backcoach.errors import ConfigurationError
from backcoach.settings import Settings
from backcoach.web.app import create_app
from tests.web.test_accounts_api import person, program_of


def started(client: TestClient) -> int:
    session_id: int = client.post("/api/v1/sessions", json={"program_id": program_of(client)}).json()["id"]
    return session_id


def test_the_owner_gets_the_page_with_its_scripts_and_no_inline_code(settings: Settings) -> None:
    owner = person(settings, "owner@example.org")
    session_id = started(owner)
    page = owner.get(f"/sessions/{session_id}")
    assert page.status_code == 200
    html = page.text
    assert f'data-session-id="{session_id}"' in html and 'data-speed="1.0"' in html
    for asset in ("/static/js/outbox.js", "/static/js/session.js", "/static/js/session-voice.js",
                  "/static/js/session-view.js", "/static/css/session.css"):
        assert asset in html
        assert owner.get(asset).status_code == 200
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script (CSP)"
    assert "style=" not in html and "<style" not in html
    assert 'value="below_knee"' in html and "Below the knee" in html, "the intake's leg choices"
    assert "/exercises/" in html and "/figure.svg" in html


def test_someone_elses_session_page_is_not_found(settings: Settings) -> None:
    owner = person(settings, "owner@example.org")
    session_id = started(owner)
    stranger = person(settings, "stranger@example.org")
    assert stranger.get(f"/sessions/{session_id}").status_code == 404
    assert stranger.get("/sessions/999999").status_code == 404
    assert stranger.get(f"/sessions/{2**40}").status_code == 404


def test_a_visitor_is_told_to_start_from_a_plan_or_sign_in(settings: Settings) -> None:
    owner = person(settings, "owner@example.org")
    session_id = started(owner)
    visitor = TestClient(create_app(settings))
    page = visitor.get(f"/sessions/{session_id}")
    assert page.status_code == 401
    assert "Start a session from your plan" in page.text and 'href="/account"' in page.text
    assert "data-session-id" not in page.text


def test_the_document_carries_the_script_the_keys_and_the_stop(settings: Settings) -> None:
    owner = person(settings, "owner@example.org")
    session_id = started(owner)
    document = owner.get(f"/api/v1/sessions/{session_id}").json()
    script = document["script"]
    assert script["status"] == "ready" and script["segments"][0]["phase"] == "countdown"
    assert script["segments"][0]["effects"][0]["type"] == "show_step"
    assert [r["exercise_id"] for r in script["routine"]] == [i["exercise_id"] for i in
                                                            document["summary"]["exercises"]]
    events = f"/api/v1/sessions/{session_id}/events"
    owner.post(events, json={"at": 0, "type": "start"}, headers={"Idempotency-Key": "k-start"})
    document = owner.get(f"/api/v1/sessions/{session_id}").json()
    assert document["script"]["status"] == "running" and document["script"]["check_in"]
    assert document["stopped"] is None
    owner.post(events, json={"at": 2, "type": "pain_report", "level": 6, "sharp": True},
               headers={"Idempotency-Key": "k-hurt"})
    document = owner.get(f"/api/v1/sessions/{session_id}").json()
    assert [e["idempotency_key"] for e in document["events"]] == ["k-start", "k-hurt"]
    assert document["stopped"]["reason"] == "sharp_pain" and "Sharp pain" in document["stopped"]["advice"]
    assert document["script"]["segments"] == []


@pytest.mark.parametrize("raw", ["0", "0.5", "101", "nan", "inf", "fast"])
def test_the_session_speed_is_a_number_from_1_to_100(raw: str) -> None:
    with pytest.raises(ConfigurationError, match="BACKCOACH_SESSION_SPEED"):
        Settings.from_env({"BACKCOACH_SESSION_SPEED": raw, "BACKCOACH_DATA_DIR": "/tmp"})


def test_the_page_reads_the_session_speed(settings: Settings) -> None:
    assert Settings.from_env({"BACKCOACH_DATA_DIR": "/tmp"}).session_speed == 1.0
    assert Settings.from_env({"BACKCOACH_SESSION_SPEED": "20", "BACKCOACH_DATA_DIR": "/tmp"}).session_speed == 20.0
    faster = dataclasses.replace(settings, session_speed=20.0)
    owner = person(faster, "owner@example.org")
    assert 'data-speed="20.0"' in owner.get(f"/sessions/{started(owner)}").text


def test_the_script_holds_the_engines_answer_to_each_warning_sign_the_page_asks(settings: Settings) -> None:
    owner = person(settings, "owner@example.org")
    session_id = started(owner)
    page = owner.get(f"/sessions/{session_id}").text
    assert 'name="red_flag" value="saddle_numbness"' in page and "Numbness around your genitals" in page
    script = owner.get(f"/api/v1/sessions/{session_id}").json()["script"]
    assert set(script["warnings"]) == {"saddle_numbness", "bladder_or_bowel_change", "leg_weakness_getting_worse",
                                       "numbness_both_legs", "chest_pain_or_breathlessness"}
    outcome = script["outcomes"][script["warnings"]["saddle_numbness"]]
    stop = next(e for e in outcome["effects"] if e["type"] == "session_stopped")
    assert outcome["status"] == "stopped" and stop["reason"] == "warning_sign" and stop["level"] == "emergency"
    events = f"/api/v1/sessions/{session_id}/events"
    owner.post(events, json={"at": 0, "type": "start"}, headers={"Idempotency-Key": "a"})
    answer = owner.post(events, json={"at": 1, "type": "pain_report", "level": 2, "sharp": False,
                                      "red_flags": {"saddle_numbness": True}}, headers={"Idempotency-Key": "b"}).json()
    assert next(e for e in answer if e["type"] == "session_stopped")["advice"] == stop["advice"]
