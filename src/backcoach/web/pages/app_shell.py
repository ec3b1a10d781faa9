"""What makes the web app installable and usable offline: the web app manifest, the service worker (served
from the root so that its scope is the whole app) and the page shown offline for what was not kept."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from backcoach import __version__
from backcoach.web.pages.render import render

STATIC = Path(__file__).resolve().parent.parent / "static"
SERVICE_WORKER = STATIC / "js" / "sw.js"
# The app's own files, kept by the service worker when it installs (the vendored libraries the pages load too;
# Swagger UI is left to the network).
SHELL_FILES = ("style.css", "css/*.css", "js/*.js", "icons/*", "vendor/htmx.org/*.js", "vendor/chart.js/*.js",
               "vendor/chartjs-plugin-annotation/*.js")
MANIFEST = {
    "name": "BackCoach — back pain relief coach", "short_name": "BackCoach", "id": "/", "start_url": "/",
    "scope": "/", "display": "standalone", "background_color": "#f6f8fb", "theme_color": "#1f6feb",
    "description": "Screens for warning signs, builds a stretching routine that fits your back and guides it.",
    "icons": [
        {"src": "/static/icons/icon.svg", "sizes": "any", "type": "image/svg+xml"},
        {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
        {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any maskable"},
    ],
}
router = APIRouter()


@cache
def shell_files() -> tuple[str, ...]:
    """The URLs of the app's own files (sw.js itself excluded), sorted."""
    found = {path for pattern in SHELL_FILES for path in STATIC.glob(pattern) if path.is_file()}
    return tuple(sorted(f"/static/{path.relative_to(STATIC).as_posix()}" for path in found if path != SERVICE_WORKER))


@cache
def service_worker() -> str:
    """sw.js with its version (a digest of the app's files: any change installs a new worker) and the list of
    files it keeps. Computed once per process: the files do not change while it runs."""
    digest = hashlib.sha256(__version__.encode())
    for url in shell_files():
        digest.update(url.encode() + (STATIC / url.removeprefix("/static/")).read_bytes())
    precache = [*shell_files(), "/offline", "/manifest.webmanifest"]
    source = SERVICE_WORKER.read_text(encoding="utf-8")
    return source.replace("__VERSION__", digest.hexdigest()[:16]).replace("__PRECACHE__", json.dumps(precache))


@router.get("/sw.js", include_in_schema=False)
def service_worker_script() -> Response:
    return Response(service_worker(), media_type="text/javascript",
                    headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"})


@router.get("/manifest.webmanifest", include_in_schema=False)
def manifest() -> Response:
    return JSONResponse(MANIFEST, media_type="application/manifest+json",
                        headers={"Cache-Control": "public, max-age=3600"})


@router.get("/api/v1/app/manifest", tags=["app"], summary="The web app manifest (the twin of /manifest.webmanifest)")
def manifest_twin() -> dict[str, Any]:
    return MANIFEST


@router.get("/offline", response_class=HTMLResponse, include_in_schema=False)
def offline_page(request: Request) -> Response:
    return render(request, "offline.html", {})
