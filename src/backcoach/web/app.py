"""The web app factory: thin routes over the services, one error handler, security headers."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from backcoach import __version__
from backcoach.errors import BackCoachError
from backcoach.services.videos import ensure_sample_catalog
from backcoach.settings import Settings
from backcoach.web import accounts_api, api, pages

STATIC_DIR = os.path.join(os.path.dirname(__file__), "static")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


async def backcoach_error(request: Request, exc: Exception) -> Response:
    """The one place BackCoach errors become HTTP answers (status from errors.py)."""
    assert isinstance(exc, BackCoachError)
    return JSONResponse(exc.to_dict(), status_code=exc.http_status)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    ensure_sample_catalog(app.state.settings)  # a new installation has videos to show
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    app = FastAPI(title="BackCoach", version=__version__, docs_url="/docs", redoc_url=None, lifespan=lifespan)
    app.state.settings = settings or Settings.from_env()
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(BackCoachError, backcoach_error)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(accounts_api.router)
    return app
