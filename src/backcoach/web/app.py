"""The web app factory: thin routes over the services, one error handler, security headers."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from backcoach import __version__
from backcoach.bootstrap import Application, bootstrap
from backcoach.errors import BackCoachError, InvalidInput, TooManyRequests
from backcoach.settings import Settings
from backcoach.web import accounts_api, api, care_api, pages

STATIC_DIR = os.path.join(os.path.dirname(__file__), "static")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


# Answers that may carry personal data: never stored by a browser or a shared cache.
PRIVATE_PREFIXES = ("/api/v1/me", "/api/v1/sessions", "/api/v1/clinician", "/api/v1/auth")


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        private = request.url.path.startswith(PRIVATE_PREFIXES) or "cookie" in request.headers
        if private or request.method not in ("GET", "HEAD"):
            response.headers["Cache-Control"] = "no-store"
        return response


async def backcoach_error(request: Request, exc: Exception) -> Response:
    """The one place BackCoach errors become HTTP answers (status from errors.py)."""
    assert isinstance(exc, BackCoachError)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else None
    return JSONResponse(exc.to_dict(), status_code=exc.http_status, headers=headers)


async def invalid_parameter(request: Request, exc: Exception) -> Response:
    """A path, query or header parameter FastAPI could not read: the app's own 422 body, naming the first."""
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())[1:])  # ("query", "limit") names `limit`
    return await backcoach_error(request, InvalidInput(where, str(first.get("msg", "is not valid"))))


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own answers (no such path: 404, a method the path does not take: 405) in the same body."""
    assert isinstance(exc, HTTPException)
    code = "not_found" if exc.status_code == 404 else "http_error"
    return JSONResponse({"error": code, "message": str(exc.detail)}, status_code=exc.status_code,
                        headers=exc.headers)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    application: Application = app.state.backcoach
    application.videos.ensure_sample()  # a new installation has videos to show
    try:
        yield
    finally:
        application.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app over an application built by the composition root (closed when the app shuts down)."""
    app = FastAPI(title="BackCoach", version=__version__, docs_url="/docs", redoc_url=None, lifespan=lifespan)
    app.state.backcoach = bootstrap(settings)
    app.state.settings = app.state.backcoach.settings
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(BackCoachError, backcoach_error)
    app.add_exception_handler(RequestValidationError, invalid_parameter)
    app.add_exception_handler(HTTPException, http_error)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(accounts_api.router)
    app.include_router(care_api.router)
    return app
