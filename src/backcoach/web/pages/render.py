"""Rendering a page: the templates, and the CSRF token every page's forms carry."""

from __future__ import annotations

import os
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from backcoach.errors import Forbidden
from backcoach.web import csrf

TEMPLATES = Jinja2Templates(directory=os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates"))


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """The template filled in, with the visitor's CSRF token (set as a cookie when new)."""
    token = csrf.token_for(request)
    response = TEMPLATES.TemplateResponse(request, name, {**context, "csrf_token": token}, status_code=status_code)
    csrf.remember(response, token)
    return response


def refused(request: Request, token: str | None) -> Response | None:
    """The error page (403) when a form's CSRF token is missing or not the visitor's; None when it is right."""
    try:
        csrf.verify(request, token)
    except Forbidden as error:
        return render(request, "error.html", {"message": error.message}, 403)
    return None


def form_token(values: dict[str, list[str]]) -> str | None:
    """The CSRF token a posted form carries."""
    return next(iter(values.get(csrf.FIELD, [])), None)
