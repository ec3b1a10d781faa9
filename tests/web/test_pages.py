"""Server-rendered pages work without JavaScript: the form, the plan, errors and CSRF."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from backcoach.knowledge.questions import questions, warning_signs

NO_WARNING_SIGNS = {q.form_name: "no" for q in warning_signs()}


def token(client: TestClient) -> str:
    page = client.get("/").text
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def test_form_asks_every_question_with_warning_signs_in_plain_words(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for question in questions():
        assert f'name="{question.form_name}"' in page.text
    assert "numb when you wipe" in page.text
    assert re.findall(r"<script(?![^>]*\bsrc=)", page.text) == []  # no inline script: the CSP allows none


def test_posting_the_form_shows_a_routine_with_doses_cues_and_reasons(client: TestClient) -> None:
    form = {"csrf_token": token(client), "age": "40", "pain_now": "5", "leg_symptoms": "below_knee",
            "worse_with": ["sitting", "bending_forward"], "repeated_movement_response__extension": "centralized",
            **NO_WARNING_SIGNS}
    page = client.post("/", data=form)
    assert page.status_code == 200
    assert 'data-level="self_care_ok"' in page.text
    assert 'data-exercise="prone-lying"' in page.text, "the first step of the progression"
    assert "let your hips sink" in page.text.lower()
    assert "Left out, and why" in page.text and 'id="flare-up"' in page.text and 'id="lessons"' in page.text


def test_every_unanswered_warning_sign_is_named_at_once(client: TestClient) -> None:
    form = {"csrf_token": token(client), "age": "40", "pain_now": "5", "red_flags__saddle_numbness": "no"}
    page = client.post("/", data=form)
    assert page.status_code == 422
    for question in warning_signs():
        listed = question.text in page.text.split('id="form-error"')[1].split("</div>")[0]
        assert listed == (question.id != "red_flags.saddle_numbness"), question.id


def test_red_flag_answer_shows_the_emergency_and_no_routine(client: TestClient) -> None:
    page = client.post("/", data={"csrf_token": token(client), "age": "55", "pain_now": "6",
                                  "red_flags__saddle_numbness": "yes"})
    assert 'data-level="emergency"' in page.text, "a yes gives its level at once, whatever else is unanswered"
    assert 'class="card"' not in page.text and 'id="flare-up"' not in page.text and "should not hurt" not in page.text


def test_a_yes_that_needs_a_doctor_now_is_not_kept_waiting_behind_a_missing_age_or_pain(client: TestClient) -> None:
    page = client.post("/", data={"csrf_token": token(client), "red_flags__saddle_numbness": "yes"})
    assert page.status_code == 200
    assert 'data-level="emergency"' in page.text and 'class="card"' not in page.text


def test_a_missing_required_answer_is_listed_with_every_unanswered_warning_sign(client: TestClient) -> None:
    page = client.post("/", data={"csrf_token": token(client), "age": "41"})
    assert page.status_code == 422
    listed = re.findall(r'<li data-field="([^"]+)"', page.text)
    assert listed[0] == "pain_now"
    assert set(listed[1:]) == {q.id for q in warning_signs()}


def test_invalid_answers_re_render_the_form_naming_the_field(client: TestClient) -> None:
    page = client.post("/", data={"csrf_token": token(client), "age": "abc", "pain_now": "5"})
    assert page.status_code == 422
    assert 'id="form-error"' in page.text and "age" in page.text
    page = client.post("/", data={"csrf_token": token(client), "age": "40", "pain_now": "12"})
    assert page.status_code == 422 and "pain_now" in page.text
    assert 'value="12"' in page.text, "what was typed is kept"


def test_form_posts_without_a_matching_csrf_token_are_refused(client: TestClient) -> None:
    token(client)
    assert client.post("/", data={"age": "40", "pain_now": "5"}).status_code == 403
    assert client.post("/", data={"csrf_token": "forged", "age": "40", "pain_now": "5"}).status_code == 403


def test_exercise_library_page(client: TestClient) -> None:
    page = client.get("/exercises")
    assert page.status_code == 200
    assert 'id="ex-prone-press-up"' in page.text


def test_an_oversized_or_unreadable_form_post_is_a_4xx_not_a_crash(client: TestClient) -> None:
    csrf = token(client)
    huge = client.post("/", content=f"csrf_token={csrf}&age=" + "1" * 300_000,
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert huge.status_code == 413
    garbage = client.post("/", content=b"csrf_token=" + csrf.encode() + b"&age=\xff\xfe",
                          headers={"content-type": "application/x-www-form-urlencoded"})
    assert garbage.status_code == 422
    many = client.post("/", content="&".join(f"f{n}=1" for n in range(500)),
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert many.status_code == 422
