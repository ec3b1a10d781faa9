"""The intake form and its answer (the JSON twin is POST /api/v1/plans)."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from backcoach.errors import Forbidden, InvalidInput
from backcoach.knowledge.questions import answers_from_form, load_questionnaire, questions, unanswered
from backcoach.services.planning import build_plan, urgent_plan
from backcoach.web import csrf
from backcoach.web.bodies import bounded_body
from backcoach.web.deps import app_of, signed_in
from backcoach.web.pages.render import render

router = APIRouter()


def _form_page(request: Request, values: dict[str, list[str]], problems: dict[str, str], status: int) -> Response:
    """The intake form; ``problems`` maps each question id to what is wrong, all shown at once."""
    by_id = {q.id: q for q in questions()}
    listed = [{"id": qid, "name": by_id[qid].form_name if qid in by_id else "", "text": by_id[qid].text
               if qid in by_id else qid, "problem": problem} for qid, problem in problems.items()]
    context = {"sections": load_questionnaire(), "values": values, "problems": problems, "listed": listed}
    return render(request, "intake.html", context, status)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def intake_form(request: Request) -> Response:
    return _form_page(request, {}, {}, 200)


@router.post("/", response_class=HTMLResponse, include_in_schema=False)
async def submit_intake(request: Request) -> Response:
    values = form_values(await bounded_body(request))  # 413 beyond the body limit, as for JSON
    # planning and the video search (which may read the store) run off the event loop
    return await run_in_threadpool(_answer_form, request, values)


MAX_FORM_FIELDS = 200  # the intake form has about 60


def form_values(raw: bytes) -> dict[str, list[str]]:
    """An HTML form post (application/x-www-form-urlencoded) as field -> values; garbage is a 422, never a 500."""
    try:
        return parse_qs(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                        max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput("form", f"is not a readable form post (UTF-8, at most {MAX_FORM_FIELDS} fields)") from None


def _answer_form(request: Request, values: dict[str, list[str]]) -> Response:
    try:
        csrf.verify(request, next(iter(values.get(csrf.FIELD, [])), None))
    except Forbidden as error:
        return render(request, "error.html", {"message": error.message}, 403)
    try:
        answers = answers_from_form(values)
    except InvalidInput as error:
        return _form_page(request, values, {error.field: error.problem}, 422)
    # Required answers and warning signs cannot be skipped (unanswered is unknown, never "no"), and all
    # that is missing is listed at once; but a yes that needs a doctor now is shown whatever is missing.
    missing = {q.id: "please answer this question" for q in unanswered(answers)}
    try:
        plan = build_plan(answers) if not missing else urgent_plan(answers)
    except InvalidInput as error:
        return _form_page(request, values, {**missing, error.field: error.problem}, 422)
    if plan is None:
        return _form_page(request, values, missing, 422)
    viewer = signed_in(request)
    plan_id = app_of(request).saved_plans().keep(plan, viewer.id if viewer else None)
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)  # POST-redirect-GET: reloading resubmits nothing
