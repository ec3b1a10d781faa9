"""CSRF defence for HTML form posts: a random token in a SameSite=Strict cookie and in the form."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from backcoach.errors import Forbidden

COOKIE = "backcoach_csrf"
FIELD = "csrf_token"


def token_for(request: Request) -> str:
    """The visitor's token: the one they already have, or a new random one."""
    return request.cookies.get(COOKIE) or secrets.token_urlsafe(32)


def remember(response: Response, token: str) -> None:
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", max_age=60 * 60 * 12)


def verify(request: Request, submitted: str | None) -> None:
    cookie = request.cookies.get(COOKIE)
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        raise Forbidden("the form has expired or did not come from this site; reload the page and try again")
