"""/docs is the app's own Swagger UI page (no CDN, no inline script) and /about/licences lists the front-end
packages with their versions and licences (twin GET /api/v1/about/licences)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backcoach.web.pages import docs
from backcoach.web.routes import about

VENDOR_JSON = Path(about.VENDOR_RECORD)


def test_docs_loads_swagger_ui_from_the_app_itself(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    for asset in ("/static/vendor/swagger-ui-dist/swagger-ui-bundle.js",
                  "/static/vendor/swagger-ui-dist/swagger-ui.css", "/static/js/docs.js"):
        assert asset in html
        assert client.get(asset).status_code == 200
    assert 'data-url="/openapi.json"' in html
    assert client.get("/openapi.json").status_code == 200


def test_docs_page_names_no_other_website_and_has_no_inline_script_or_style(client: TestClient) -> None:
    html = client.get("/docs").text
    assert re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, flags=re.IGNORECASE) == []
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []  # every script is a file
    assert "<style" not in html and "style=" not in html


def test_docs_keeps_the_apps_strict_content_security_policy(client: TestClient) -> None:
    policy = client.get("/docs").headers["content-security-policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert client.get("/docs").headers["x-content-type-options"] == "nosniff"


def test_fastapis_own_cdn_docs_are_gone(client: TestClient) -> None:
    assert "cdn.jsdelivr.net" not in client.get("/docs").text
    assert client.get("/docs/oauth2-redirect").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_docs_without_the_vendored_files_says_so_in_plain_words(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docs, "VENDOR_DIR", str(tmp_path))
    page = client.get("/docs")
    assert page.status_code == 503
    assert "not available on this installation" in page.text
    assert "swagger-ui-bundle.js" in page.text and "npm" in page.text
    assert "/static/js/docs.js" not in page.text


def test_licences_twin_lists_what_vendor_json_records(client: TestClient) -> None:
    recorded = json.loads(VENDOR_JSON.read_text(encoding="utf-8"))
    answer = client.get("/api/v1/about/licences")
    assert answer.status_code == 200
    packages = {package["name"]: package for package in answer.json()["packages"]}
    assert set(packages) == set(recorded)
    for name, info in recorded.items():
        assert packages[name]["version"] == info["version"]
        assert packages[name]["license"] == info["license"]
        assert packages[name]["license_files"] == info["license_files"]


def test_licences_page_shows_each_package_version_and_licence(client: TestClient) -> None:
    page = client.get("/about/licences")
    assert page.status_code == 200
    for name, info in json.loads(VENDOR_JSON.read_text(encoding="utf-8")).items():
        assert name in page.text and info["version"] in page.text and info["license"] in page.text
        for licence_file in info["license_files"]:
            assert f'href="{licence_file}"' in page.text


def test_licences_without_vendored_assets_are_an_empty_list_and_a_plain_page(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(about, "VENDOR_RECORD", str(tmp_path / "VENDOR.json"))
    assert client.get("/api/v1/about/licences").json() == {"packages": []}
    page = client.get("/about/licences")
    assert page.status_code == 200 and "No front-end packages are installed here" in page.text
