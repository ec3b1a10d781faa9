"""The follow-along session page (twin: GET /api/v1/sessions/{session_id}). The page plays the engine's script
(domain/session_script.py) against its own clock and sends every event through an outbox kept in the browser,
so it keeps guiding through a dropped connection; the server's engine stays the authority."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from backcoach.errors import NotFound
from backcoach.knowledge.questions import Question, load_questionnaire
from backcoach.services.sessions import SESSION_WARNING_SIGNS
from backcoach.web.deps import app_of, known_id, signed_in
from backcoach.web.pages.render import render

router = APIRouter()


@router.get("/sessions/{session_id}", response_class=HTMLResponse, include_in_schema=False)
def session_page(request: Request, session_id: int) -> Response:
    """The owner's session (a guest's too); anyone else's answers 404, a visitor is told how to start one. The
    page fetches its twin (with the engine's script) as soon as it opens."""
    account = signed_in(request)
    if account is None:
        return render(request, "session_visitor.html", {}, 401)
    app = app_of(request)
    try:
        document = app.person(account.id).sessions.overview(known_id(session_id, "session"))
    except NotFound as error:
        return render(request, "error.html", {"message": error.message}, 404)
    context = {"session": document, "speed": app.settings.session_speed, "leg_choices": leg_choices(),
               "warning_choices": warning_choices()}
    return render(request, "session.html", context)


def leg_choices() -> list[tuple[str, str]]:
    """Where leg symptoms reach, in the intake's own words (the values the engine's pain_report takes)."""
    return [(option.value, option.label) for option in _questions()["leg_symptoms"].options]


def warning_choices() -> list[tuple[str, str]]:
    """The warning signs asked about during a session, in the intake's short words."""
    questions = _questions()
    return [(name, _sentence(questions[f"red_flags.{name}"])) for name in SESSION_WARNING_SIGNS]


def _questions() -> dict[str, Question]:
    return {question.id: question for section in load_questionnaire() for question in section.questions}


def _sentence(question: Question) -> str:
    words = question.short or question.text
    return words[:1].upper() + words[1:]
