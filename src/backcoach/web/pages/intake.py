"""The intake form and its answer (the JSON twin is POST /api/v1/plans).

The form is one page that works without JavaScript; static/js/intake.js turns it into short steps (one question
per screen on a phone). Every problem names its question in the question's own words, all at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from backcoach.errors import InvalidInput
from backcoach.knowledge.loader import load_knowledge, load_movement_test
from backcoach.knowledge.questions import (
    Question,
    answers_from_form,
    load_questionnaire,
    parse_answer,
    questions,
    unanswered,
)
from backcoach.services.planning import build_plan, urgent_plan
from backcoach.web.bodies import form_body
from backcoach.web.deps import app_of, signed_in
from backcoach.web.pages.render import form_token, refused, render

router = APIRouter()
MOVEMENT_CHECK = "movement_check"


def missing_problem(question: Question) -> str:
    """What to do about a question that must be answered and was not, in plain words."""
    if question.warning_sign:
        return "Please answer yes or no. This checks for a problem that needs a doctor, so it can't be skipped."
    return "Please answer this question."


def _web_problem(question: Question, problem: str) -> str:
    """parse_answer words problems for the terminal (type y or n, a number from a list); on the web form a
    bad choice or yes/no can only come from a changed page, so it is worded for the buttons shown."""
    if question.kind == "boolean":
        return "Please answer yes or no."
    if question.kind in ("choice", "multi"):
        return "Please pick from the choices shown."
    return problem


def form_problems(values: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Every answer that cannot be read, by question id (not only the first one)."""
    problems = {}
    for question in questions():
        given = [v.strip() for v in values.get(question.form_name, ()) if v.strip()]
        if not given:
            continue
        try:
            parse_answer(question, given)
        except InvalidInput as error:
            problems[question.id] = _web_problem(question, error.problem)
    return problems


def _listed(problems: Mapping[str, str]) -> list[dict[str, Any]]:
    """The summary at the top: each problem with its question's own words, in the order the form asks (the
    page lists the questions sharing a problem under it, once)."""
    by_id = {q.id: q for q in questions()}
    order = {qid: n for n, qid in enumerate(by_id)}
    listed: list[dict[str, Any]] = []
    for qid in sorted(problems, key=lambda qid: order.get(qid, len(order))):
        question = by_id.get(qid)
        listed.append({"id": qid, "order": len(listed), "name": question.form_name if question else "",
                       "text": question.text if question else "Your answers", "problem": problems[qid]})
    return listed


def movement_guide() -> dict[str, Any]:
    """The guided movement check (movement_test.yaml) for the form: the intro, each direction's ways of doing
    it with their steps, and when to stop."""
    test, exercises = load_movement_test(), load_knowledge().exercises
    directions = {}
    for direction, spec in test["directions"].items():
        ways = [{"name": exercises[m["exercise_id"]].name, "steps": m["instructions"]} for m in spec["methods"]]
        directions[f"repeated_movement_response.{direction}"] = {"name": spec["name"], "ways": ways}
    return {"intro": " ".join(test["intro"].split()), "reps": test["reps"], "stop_if": test["stop_if"],
            "directions": directions}


def _form_page(request: Request, values: Mapping[str, Sequence[str]], problems: Mapping[str, str],
               status: int) -> Response:
    """The intake form, every value re-filled; ``problems`` maps question ids to what is wrong, all shown."""
    by_name = {q.form_name: problems[q.id] for q in questions() if q.id in problems}
    context = {"sections": load_questionnaire(), "values": values, "problems": by_name,
               "listed": _listed(problems), "guide": movement_guide(), "missing": missing_problem}
    return render(request, "intake.html", context, status)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def intake_form(request: Request) -> Response:
    return _form_page(request, {}, {}, 200)


@router.post("/", response_class=HTMLResponse, include_in_schema=False)
async def submit_intake(request: Request) -> Response:
    values = await form_body(request)  # 413 beyond the body limit, as for JSON
    # planning and the video search (which may read the store) run off the event loop
    return await run_in_threadpool(_answer_form, request, values)



def _answer_form(request: Request, values: dict[str, list[str]]) -> Response:
    refusal = refused(request, form_token(values))
    if refusal is not None:
        return refusal
    problems = form_problems(values)
    readable = {name: given for name, given in values.items()
                if name.replace("__", ".") not in problems}
    answers = answers_from_form(readable)
    # Required answers and warning signs cannot be skipped (unanswered is unknown, never "no"), and all
    # that is wrong is listed at once; but a yes that needs a doctor now is shown whatever else is missing.
    problems.update({q.id: missing_problem(q) for q in unanswered(answers) if q.id not in problems})
    try:
        plan = build_plan(answers) if not problems else urgent_plan(answers)
    except InvalidInput as error:
        return _form_page(request, values, {**problems, error.field: error.problem}, 422)
    if plan is None:
        return _form_page(request, values, problems, 422)
    viewer = signed_in(request)
    plan_id = app_of(request).saved_plans().keep(plan, viewer.id if viewer else None)
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)  # POST-redirect-GET: reloading resubmits nothing
