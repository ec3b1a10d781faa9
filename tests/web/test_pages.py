"""Server-rendered pages work without JavaScript: the intake (POST-redirect-GET), the plan at its own address,
errors named by their questions, and CSRF."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from backcoach.knowledge.questions import questions, warning_signs
from backcoach.settings import Settings
from backcoach.web.app import create_app
from tests.web.conftest import PASSWORD

NO_WARNING_SIGNS = {q.form_name: "no" for q in warning_signs()}
SCIATICA = {"age": "40", "pain_now": "5", "leg_symptoms": "below_knee", "worse_with": ["sitting", "bending_forward"],
            "repeated_movement_response__extension": "centralized", **NO_WARNING_SIGNS}


def token(client: TestClient) -> str:
    page = client.get("/").text
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def summary(page: str) -> str:
    """The words of the list of problems at the top of the form (what a person reads, without the markup)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page.split('id="form-error"')[1].split("</div>", maxsplit=1)[0]))


def plan_address(client: TestClient, form: dict[str, object]) -> str:
    answer = client.post("/", data={"csrf_token": token(client), **form}, follow_redirects=False)
    assert answer.status_code == 303, answer.text[:300]
    location = answer.headers["location"]
    assert re.fullmatch(r"/plans/[A-Za-z0-9_-]{16,}", location)
    return location


def test_form_asks_every_question_with_warning_signs_in_plain_words(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for question in questions():
        assert f'name="{question.form_name}"' in page.text
    assert "numb when you wipe" in page.text and "Step 2 of 7" in page.text
    assert "<select" not in page.text, "choices are buttons that wrap on a phone, not drop-downs"
    assert re.findall(r"<script(?![^>]*\bsrc=)", page.text) == []  # no inline script: the CSP allows none
    assert " style=" not in page.text and "<style" not in page.text
    assert "Prone press-up" in page.text, "the movement check is guided step by step"


def test_sending_the_form_redirects_to_the_plan_at_its_own_address(client: TestClient) -> None:
    address = plan_address(client, SCIATICA)
    page = client.get(address)
    assert page.status_code == 200
    assert 'data-level="self_care_ok"' in page.text
    assert 'data-exercise="prone-lying"' in page.text, "the first step of the progression"
    assert '<img class="figure" src="/exercises/prone-lying/figure.svg" alt=""' in page.text
    assert "Hold 2 min" in page.text and "let your hips sink" in page.text.lower()
    assert "Left out, and why" in page.text and 'id="flare-up"' in page.text and 'id="lessons"' in page.text
    assert f'action="{address}/start"' in page.text and "Start this routine" in page.text
    assert client.get(address).text.count('class="card"') == page.text.count('class="card"'), "reloading is safe"


def test_starting_the_plan_opens_a_session(client: TestClient) -> None:
    address = plan_address(client, SCIATICA)
    started = client.post(f"{address}/start", data={"csrf_token": token(client)}, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"].startswith("/sessions/")
    forged = client.post(f"{address}/start", data={"csrf_token": "forged"}, follow_redirects=False)
    assert forged.status_code == 403


def test_a_video_chapter_is_a_link_that_can_become_a_privacy_enhanced_player(client: TestClient) -> None:
    page = client.get(plan_address(client, SCIATICA)).text
    embeds = re.findall(r'data-embed="(https://www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]+\?start=\d+)"', page)
    assert embeds, "the sample catalogue has chapters for this routine"
    assert re.search(r'<a class="play" href="https://www\.youtube\.com/[^"]+"[^>]*>Play video from \d+:\d\d</a>', page)
    assert "<iframe" not in page, "no player (nothing from YouTube) until asked"


def test_exclusions_are_grouped_by_reason(client: TestClient) -> None:
    address = plan_address(client, SCIATICA)
    plan = client.get(f"/api/v1{address}").json()
    shown = [e for e in plan["plan"]["excluded"] if e["kind"] in ("safety", "position", "time")]
    reasons = {e["reason"] for e in shown}
    assert len(shown) > len(reasons), "this plan leaves several exercises out for one reason"
    page = client.get(address).text
    section = html.unescape(page.split('id="left-out"')[1].split("</section>")[0])
    assert section.count("<li") == len(reasons)
    for reason in reasons:
        assert section.count(reason) == 1
    for entry in shown:
        assert entry["name"] in section
    assert [g["reason"] for g in plan["left_out"]] == list(dict.fromkeys(e["reason"] for e in shown))


def test_every_unanswered_warning_sign_is_named_at_once_in_its_own_words(client: TestClient) -> None:
    form = {"csrf_token": token(client), "age": "40", "pain_now": "5", "red_flags__saddle_numbness": "no"}
    page = client.post("/", data=form)
    assert page.status_code == 422
    listed = summary(page.text)
    for question in warning_signs():
        assert (question.text in listed) == (question.id != "red_flags.saddle_numbness"), question.id
        assert question.form_name not in listed and question.id not in listed
    assert "can't be skipped" in listed and 'role="alert"' in page.text


def test_a_yes_that_needs_a_doctor_now_shows_the_emergency_and_no_exercise_advice(client: TestClient) -> None:
    for form in ({"age": "55", "pain_now": "6", "red_flags__saddle_numbness": "yes"},
                 {"red_flags__saddle_numbness": "yes"},  # not kept waiting behind a missing age or pain
                 {**SCIATICA, "red_flags__leg_weakness_getting_worse": "yes"}):
        page = client.get(plan_address(client, form)).text
        assert re.search(r'data-level="(emergency|urgent_referral)"', page)
        assert "What to do now" in page
        for advice in ('class="card"', 'id="flare-up"', "should not hurt", "Start this routine", "/start",
                       "youtube", "Play video", 'id="left-out"'):
            assert advice not in page, advice


def test_a_missing_required_answer_is_listed_with_every_unanswered_warning_sign(client: TestClient) -> None:
    page = client.post("/", data={"csrf_token": token(client), "age": "41"})
    assert page.status_code == 422
    listed = re.findall(r'<li data-field="([^"]+)"', page.text)
    assert listed[0] == "pain_now"
    assert set(listed[1:]) == {q.id for q in warning_signs()}


def test_every_bad_answer_is_named_by_its_question_all_at_once(client: TestClient) -> None:
    page = client.post("/", data={"csrf_token": token(client), "age": "abc", "pain_now": "12",
                                  "duration": "forever", **NO_WARNING_SIGNS})
    assert page.status_code == 422
    listed = summary(page.text)
    assert "How old are you?" in listed and "Please type a whole number." in listed
    assert "How bad is your pain right now" in listed and "Please type a number from 0 to 10." in listed
    assert "How long have you had this back pain?" in listed and "Please pick from the choices shown." in listed
    assert "Please check age" not in page.text and not re.search(r"\b(age|pain_now|duration)\b", listed)
    assert 'id="err-age"' in page.text and 'aria-invalid="true"' in page.text, "each problem is also at its question"


def test_a_refused_form_keeps_every_answer(client: TestClient) -> None:
    form = {**SCIATICA, "age": "", "pain_now": "12", "leg_symptom_side": "left", "better_with": ["walking", "heat"],
            "start_back__worrying_thoughts": "yes", "minutes_available": "20", "duration": ""}
    page = client.post("/", data={"csrf_token": token(client), **form}).text
    assert 'name="pain_now" inputmode="numeric"' in page and 'value="12"' in page
    assert 'value="20"' in page
    checked = set(re.findall(r'<input type="(?:radio|checkbox)" name="([^"]+)" value="([^"]*)" checked', page))
    expected = {(name, value) for name, values in form.items() if name not in ("age", "pain_now", "minutes_available")
                for value in ([values] if isinstance(values, str) else values)}
    assert checked == expected


def test_an_anonymous_plan_opens_by_its_address_and_a_signed_in_persons_plan_only_for_them(
        settings: Settings) -> None:
    anonymous, owner, other = (TestClient(create_app(settings)) for _ in range(3))
    address = plan_address(anonymous, SCIATICA)
    assert other.get(address).status_code == 200, "whoever holds the address of an anonymous plan"
    for client, email in ((owner, "owner@example.org"), (other, "other@example.org")):
        assert client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD}).status_code == 201
        assert client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    private = plan_address(owner, SCIATICA)
    assert owner.get(private).status_code == 200
    assert other.get(private).status_code == 404 and anonymous.get(private).status_code == 404
    assert other.get(f"/api/v1{private}").status_code == 404
    assert anonymous.get("/plans/not-a-plan").status_code == 404


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
