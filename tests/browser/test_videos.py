"""The video search page answers as the person types (htmx from npm, under the app's CSP), and still works as a
plain form without scripts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import check_page

pytestmark = pytest.mark.browser


def test_results_come_as_the_person_types_without_reloading_the_page(page: Any, server: str) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(server + "/videos")
    page.evaluate("() => { window.stillHere = true; }")  # gone if the page reloads
    page.fill("#q", "knee to chest")
    page.wait_for_selector("#results .result")
    assert page.evaluate("() => window.stillHere") is True, "the results came without a new page"
    assert "q=knee%20to%20chest" in page.url, "the address follows the search (it can be shared or reloaded)"
    page.fill("#q", "zzzzqqqq")
    page.wait_for_selector("#results >> text=No videos match")
    assert problems == [], problems
    check_page(page, "videos-typed")


def test_without_scripts_the_search_is_a_plain_form(browser: Any, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/videos")
    page.fill("#q", "knee to chest")
    page.click("form.search button[type=submit]")
    page.wait_for_selector("#results .result")
    context.close()
