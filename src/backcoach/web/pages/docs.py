"""The API's interactive documentation (/docs: Swagger UI served from the app's own static folder, no CDN) and
the page of the front-end packages' licences (/about/licences; twin GET /api/v1/about/licences)."""

from __future__ import annotations

import os

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from backcoach.web.pages.render import render
from backcoach.web.routes.about import VENDOR_DIR, front_end_packages

SWAGGER_FILES = ("swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css")

router = APIRouter()


def missing_swagger_files() -> list[str]:
    return [name for name in SWAGGER_FILES if not os.path.isfile(os.path.join(VENDOR_DIR, name))]


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs_page(request: Request) -> Response:
    """Swagger UI over /openapi.json, under the app's own Content-Security-Policy (it needs no inline script or
    style: tests/browser/test_docs.py); a plain message (503) when its files were never vendored."""
    missing = missing_swagger_files()
    return render(request, "docs.html", {"missing": missing}, 503 if missing else 200)


@router.get("/about/licences", response_class=HTMLResponse, include_in_schema=False)
def licences_page(request: Request) -> Response:
    return render(request, "licences.html", {"packages": front_end_packages()})
