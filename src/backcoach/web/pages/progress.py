"""The check-in form (POST-redirect-GET to the progress page) and progress over time with charts; the twins are
POST /api/v1/me/checkins, GET /api/v1/me/progress and GET /api/v1/me/lesson."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from backcoach.errors import InvalidInput
from backcoach.knowledge.loader import load_oswestry
from backcoach.knowledge.questions import Question, questions, warning_signs
from backcoach.web.bodies import form_body
from backcoach.web.deps import app_of, signed_in
from backcoach.web.pages.render import form_token, refused, render
from backcoach.web.progress_views import chart_summary, leg_labels, progress_view

PSFS_ROWS = 3  # activities the form offers (the contract takes up to 5: checkin.schema.json)
PAIN_QUESTION = "Pain right now, 0 (none) to 10 (worst imaginable)"
router = APIRouter()


def _start_back() -> list[Question]:
    return [q for q in questions() if q.section == "start_back"]


def _leg_kinds() -> Question:
    return next(q for q in questions() if q.id == "leg_symptom_kinds")


def _form_page(request: Request, person_id: int | None, values: Mapping[str, Sequence[str]],
               problems: dict[str, tuple[str, str]], status: int) -> Response:
    """The check-in form; ``problems`` maps each field to (the question in its words, what is wrong)."""
    activities = list(values.get("psfs_name", []))
    if person_id is not None and not values:  # the same activities as last time, so they can be compared
        checkins = app_of(request).person(person_id).programs.progress()["checkins"]
        rated = [c["psfs"] for c in checkins if c.get("psfs")]
        activities = list(rated[-1])[:PSFS_ROWS] if rated else []
    context = {
        "signed_in": person_id is not None, "values": values, "problems": problems,
        "pain_question": PAIN_QUESTION, "leg_levels": leg_labels(), "leg_kinds": _leg_kinds(),
        "activities": (activities + [""] * PSFS_ROWS)[:PSFS_ROWS],
        "ratings": (list(values.get("psfs_rating", [])) + [""] * PSFS_ROWS)[:PSFS_ROWS],
        "oswestry": load_oswestry(), "warning_signs": warning_signs(at_checkin=True), "start_back": _start_back(),
        "odi_open": any(values.get(f"odi_{n}", [""])[0] for n in range(10)),
        "start_back_open": any(values.get(q.form_name, [""])[0] for q in _start_back()),
    }
    return render(request, "checkin.html", context, status)


@router.get("/checkin", response_class=HTMLResponse, include_in_schema=False)
def checkin_form(request: Request) -> Response:
    account = signed_in(request)
    return _form_page(request, account.id if account else None, {}, {}, 200)


@router.post("/checkin", response_class=HTMLResponse, include_in_schema=False)
async def submit_checkin(request: Request) -> Response:
    values = await form_body(request)
    return await run_in_threadpool(_answer_checkin, request, values)


def _answer_checkin(request: Request, values: dict[str, list[str]]) -> Response:
    refusal = refused(request, form_token(values))
    if refusal is not None:
        return refusal
    account = signed_in(request)
    if account is None:
        return _form_page(request, None, values, {}, 401)
    body, problems = checkin_body(values)
    if problems:
        return _form_page(request, account.id, values, problems, 422)
    try:
        app_of(request).person(account.id).programs.checkin(body)  # as POST /api/v1/me/checkins
    except InvalidInput as error:
        return _form_page(request, account.id, values, {error.field: (error.field, error.problem)}, 422)
    return RedirectResponse("/progress?saved=1", status_code=303)  # POST-redirect-GET


def _one(values: Mapping[str, Sequence[str]], name: str) -> str:
    found = [v.strip() for v in values.get(name, ()) if v.strip()]
    return found[0] if found else ""


def _whole(raw: str, low: int, high: int) -> int | None:
    return int(raw) if raw.isdigit() and low <= int(raw) <= high else None


def checkin_body(values: Mapping[str, Sequence[str]]) -> tuple[dict[str, Any], dict[str, tuple[str, str]]]:
    """The form as the JSON body of POST /api/v1/me/checkins, and every problem at once: field -> (the question
    in its own words, what is wrong). A warning sign left unanswered is a problem (unknown is never "no")."""
    problems: dict[str, tuple[str, str]] = {}
    body: dict[str, Any] = {}
    pain = _whole(_one(values, "pain_now"), 0, 10)
    if pain is None:
        problems["pain_now"] = (PAIN_QUESTION, "please choose a number from 0 to 10")
    else:
        body["pain_now"] = pain
    leg = _one(values, "leg_symptoms")
    if leg:
        if leg not in leg_labels():
            problems["leg_symptoms"] = ("How far down a leg do symptoms reach?", "please choose one of the answers")
        else:
            body["leg_symptoms"] = leg
    kinds = [v for v in values.get("leg_symptom_kinds", ()) if v]
    if kinds:
        allowed = [o.value for o in _leg_kinds().options]
        body["leg_symptom_kinds"] = [k for k in allowed if k in kinds]
    _activities(values, body, problems)
    _oswestry(values, body)
    _warning_signs(values, body, problems)
    _start_back_answers(values, body)
    return body, problems


def _activities(values: Mapping[str, Sequence[str]], body: dict[str, Any],
                problems: dict[str, tuple[str, str]]) -> None:
    names = list(values.get("psfs_name", ()))[:PSFS_ROWS]
    ratings = list(values.get("psfs_rating", ()))[:PSFS_ROWS]
    found: dict[str, int] = {}
    for number, (typed, typed_rating) in enumerate(zip(names, ratings + [""] * len(names), strict=False), start=1):
        name, raw = " ".join(typed.split()), typed_rating.strip()
        question = f"Activity {number}"
        if not name and not raw:
            continue
        rating = _whole(raw, 0, 10)
        if not name:
            problems[f"psfs_{number}"] = (question, "please name the activity you rated")
        elif len(name) > 80:
            problems[f"psfs_{number}"] = (question, "please use at most 80 characters")
        elif rating is None:
            problems[f"psfs_{number}"] = (f"How well can you do '{name}' now?",
                                          "please choose a number from 0 (unable) to 10 (as before)")
        elif name.casefold() in {n.casefold() for n in found}:
            problems[f"psfs_{number}"] = (question, f"'{name}' is named twice; name each activity once")
        else:
            found[name] = rating
    if found:
        body["psfs"] = found


def _oswestry(values: Mapping[str, Sequence[str]], body: dict[str, Any]) -> None:
    answers = [_whole(_one(values, f"odi_{n}"), 0, 5) for n in range(len(load_oswestry()))]
    if any(answer is not None for answer in answers):
        body["odi_answers"] = answers


def _warning_signs(values: Mapping[str, Sequence[str]], body: dict[str, Any],
                   problems: dict[str, tuple[str, str]]) -> None:
    flags: dict[str, bool] = {}
    for question in warning_signs(at_checkin=True):
        answer = _one(values, question.form_name)
        if answer not in ("yes", "no"):
            problems[question.form_name] = (question.text, "please answer yes or no")
            continue
        flags[question.id.removeprefix("red_flags.")] = answer == "yes"
    if flags:
        body["red_flags"] = flags


def _start_back_answers(values: Mapping[str, Sequence[str]], body: dict[str, Any]) -> None:
    found: dict[str, Any] = {}
    for question in _start_back():
        answer = _one(values, question.form_name)
        name = question.id.removeprefix("start_back.")
        if question.kind == "boolean" and answer in ("yes", "no"):
            found[name] = answer == "yes"
        elif question.kind == "choice" and answer in {o.value for o in question.options}:
            found[name] = answer
    if found:
        body["start_back"] = found


@router.get("/progress", response_class=HTMLResponse, include_in_schema=False)
def progress_page(request: Request, saved: str = "") -> Response:
    account = signed_in(request)
    if account is None:
        return render(request, "progress.html", {"signed_in": False})
    view = progress_view(app_of(request).person(account.id))
    summaries = {chart["id"]: chart_summary(chart) for chart in view["charts"]}
    return render(request, "progress.html", {**view, "signed_in": True, "saved": saved == "1",
                                             "summaries": summaries, "leg_labels": leg_labels()})
