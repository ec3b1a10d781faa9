"""A plan at its own address (the intake's answer, POST-redirect-GET) and starting it: the twin is
GET /api/v1/plans/{plan_id}."""

from __future__ import annotations

from typing import NamedTuple

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from backcoach.errors import BackCoachError
from backcoach.web import csrf
from backcoach.web.bodies import form_body
from backcoach.web.deps import app_of, set_session_cookie, signed_in
from backcoach.web.pages.render import form_token, render
from backcoach.web.views import plan_view


class Level(NamedTuple):
    css: str  # the banner's colour
    icon: str  # warning, info or check
    label: str  # the result in two or three words
    next_step: str  # what to do now


LEVELS = {
    "emergency": Level("emergency", "warning", "Emergency: get help now",
                       "Go to an emergency department now, or call your local emergency number. Do not do any "
                       "exercises, and do not wait to see if it passes."),
    "urgent_referral": Level("urgent", "warning", "See a doctor soon",
                             "Book a doctor for the next 24 to 48 hours, or use an urgent care service. Do not start "
                             "exercises until a doctor has checked you. If it gets worse, go to an emergency "
                             "department."),
    "see_clinician_before_exercise": Level("clinician", "info", "Check with a clinician first",
                                           "Show this plan to a doctor or physiotherapist before you start "
                                           "exercising for this back pain."),
    "self_care_ok": Level("ok", "check", "Safe to start, gently",
                          "Try the routine below, gently, and stop any exercise that makes symptoms spread."),
}
BIAS_WORDS = {  # what the routine leans on, named without claiming more than the answers said
    "extension": "backward bending", "flexion": "forward bending", "neutral": "gentle, all-round movements",
    "mixed": "gentle, all-round movements", "none": "gentle, all-round movements",
}
router = APIRouter()


@router.get("/plans/{plan_id}", response_class=HTMLResponse, include_in_schema=False)
def plan_page(request: Request, plan_id: str) -> Response:
    view = plan_view(app_of(request), plan_id, signed_in(request))
    level = LEVELS[view["plan"]["triage"]["level"]]
    return render(request, "plan.html", {**view, "level": level,
                                         "bias_words": BIAS_WORDS.get(view["plan"]["profile"]["bias"], "")})


@router.post("/plans/{plan_id}/start", include_in_schema=False)
async def start_plan(request: Request, plan_id: str) -> Response:
    values = await form_body(request)
    return await run_in_threadpool(_start, request, plan_id, form_token(values))


def _start(request: Request, plan_id: str, token: str | None) -> Response:
    """Start a session of this plan: a visitor without an account gets a guest account ("try without an
    account"); the plan becomes their program (the same one if they started it before)."""
    app = app_of(request)
    try:
        csrf.verify(request, token)
        account, new_token = signed_in(request), None
        saved = app.saved_plans()
        plan = saved.open(plan_id, account.id if account else None)
        if account is None:
            account, new_token = app.guests().start()
        person = app.person(account.id)
        program_id = saved.program_of(plan_id, account.id) or person.programs.save_plan(
            plan, reason="started from your plan")
        saved.started(plan_id, account.id, program_id)
        session = person.sessions.start(program_id, reuse_unstarted=True)
    except BackCoachError as error:  # a stale form (403), a plan not theirs (404), a safety stop (409)...
        return render(request, "error.html", {"message": error.message}, error.http_status)
    response = RedirectResponse(f"/sessions/{session.session_id}", status_code=303)
    if new_token:
        set_session_cookie(app, request, response, new_token, guest=True)
    return response
