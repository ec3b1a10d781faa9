"""The web app factory: thin routes over the services, one error handler, security headers."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backcoach import __version__
from backcoach.bootstrap import Application, bootstrap
from backcoach.errors import BackCoachError, InvalidInput
from backcoach.settings import Settings
from backcoach.web.backpressure import Backpressure
from backcoach.web.pages import PAGE_ROUTERS
from backcoach.web.routes import API_ROUTERS

STATIC_DIR = os.path.join(os.path.dirname(__file__), "static")
# Scripts and styles only from the app itself (no inline script); a video is embedded from YouTube's
# privacy-enhanced domain only when the person clicks to play it.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
    "worker-src 'self'", "manifest-src 'self'", "media-src 'self' blob:", "frame-src https://www.youtube-nocookie.com",
    "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'",
))
# The session page alone may also compile WebAssembly: the vendored MediaPipe Pose of its camera form check needs
# 'wasm-unsafe-eval' for that. It allows no eval of JavaScript and no inline script.
WASM_PAGE_PREFIX = "/sessions/"
WASM_PAGE_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


# Answers that may carry personal data: never stored by a browser or a shared cache.
PRIVATE_PREFIXES = ("/api/v1/me", "/api/v1/sessions", "/api/v1/clinician", "/api/v1/auth")
# Answers that are the same for everyone (the app's files, exercise figures, the service worker and manifest):
# cacheable even when the request carries a cookie.
PUBLIC_PREFIXES = ("/static/", "/sw.js", "/manifest.webmanifest")
PUBLIC_SUFFIXES = ("/figure.svg",)


class SecurityHeaders:
    """Adds the security headers to every answer, and `Cache-Control: no-store` to personal ones (a plain ASGI
    middleware: it only touches the start of the answer)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        public = path.startswith(PUBLIC_PREFIXES) or path.endswith(PUBLIC_SUFFIXES)
        with_cookie = any(name == b"cookie" for name, _ in scope["headers"])
        private = (path.startswith(PRIVATE_PREFIXES) or scope["method"] not in ("GET", "HEAD")
                   or (with_cookie and not public))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if path.startswith(WASM_PAGE_PREFIX):
                    headers["Content-Security-Policy"] = WASM_PAGE_POLICY
                if private:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


ERROR_TITLES = {404: "Not found", 401: "Please sign in", 403: "Not allowed", 405: "Not found",
                429: "Please wait a moment", 503: "Busy for a moment"}


def wants_a_page(request: Request) -> bool:
    """A browser opening a page (not the JSON API): its errors are shown as a page in the app's own words."""
    return (not request.url.path.startswith("/api/") and request.method in ("GET", "HEAD")
            and "text/html" in request.headers.get("accept", ""))


def error_answer(request: Request, status: int, body: dict[str, Any], headers: Mapping[str, str] | None) -> Response:
    if wants_a_page(request):
        from backcoach.web.pages.render import TEMPLATES

        context = {"title": ERROR_TITLES.get(status), "message": body.get("message", "")}
        return TEMPLATES.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)


async def backcoach_error(request: Request, exc: Exception) -> Response:
    """The one place BackCoach errors become HTTP answers (status from errors.py): JSON, or for a browser
    opening a page, the same message as a page."""
    assert isinstance(exc, BackCoachError)
    retry_after = getattr(exc, "retry_after", None)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return error_answer(request, exc.http_status, exc.to_dict(), headers)


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
    page = exc.status_code == 404 and wants_a_page(request)
    message = "There is no page at this address." if page else str(exc.detail)
    return error_answer(request, exc.status_code, {"error": code, "message": message}, exc.headers)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    application: Application = app.state.backcoach
    application.videos.ensure_sample()  # a new installation has videos to show
    application.warm_up()  # before the first request, not during it
    application.videos.warm_meaning()  # in the background: searches match words alone until it is ready
    try:
        yield
    finally:
        application.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app over an application built by the composition root (closed when the app shuts down)."""
    app = FastAPI(title="BackCoach", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.backcoach = bootstrap(settings)
    app.state.settings = app.state.backcoach.settings
    app.add_middleware(Backpressure)  # inside the headers: a "busy" answer has them too
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(BackCoachError, backcoach_error)
    app.add_exception_handler(RequestValidationError, invalid_parameter)
    app.add_exception_handler(HTTPException, http_error)
    for router in (*API_ROUTERS, *PAGE_ROUTERS):  # the busiest first: a request is matched in this order
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
