"""The API documentation (/docs) in a real Chromium: Swagger UI from the app's own files lists the operations,
with no error from the Content-Security-Policy or the page's scripts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import shoot, wider_than_the_screen

pytestmark = pytest.mark.browser


def test_docs_lists_the_operations_without_console_errors(server: str, page: Any) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + "/docs")
    page.locator(".opblock").nth(29).wait_for()  # (no wait_for_function: the page's CSP forbids eval, rightly)
    assert page.locator(".opblock").count() >= 30
    assert page.locator(".opblock-summary-path", has_text="/api/v1/plans").count() >= 1
    page.locator(".opblock-summary", has_text="/api/v1/plans").first.click()  # opened: its schema and example
    page.wait_for_selector(".opblock.is-open .opblock-body")
    shoot(page, "docs")
    assert wider_than_the_screen(page) == [], "the documentation fits a phone"
    assert problems == [], problems
    assert [url for url in requested if not url.startswith(server) and not url.startswith("data:")] == []


def test_licences_page_names_each_front_end_package(server: str, page: Any) -> None:
    page.goto(server + "/about/licences")
    listed = page.inner_text("ul.licences")
    for package in ("htmx.org", "chart.js", "swagger-ui-dist"):
        assert package in listed
    assert "Apache-2.0" in listed
    shoot(page, "licences")
    assert wider_than_the_screen(page) == []
