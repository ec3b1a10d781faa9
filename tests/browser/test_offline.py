"""The installed app without a network: the service worker keeps the app's files and the routines a person
opened, so they open with no connection; what was never opened says so in plain words."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import Server, check_page, make_plan, start_routine

pytestmark = pytest.mark.browser

CONTROLLED = "() => navigator.serviceWorker.controller !== null"


def test_the_manifest_makes_the_app_installable(page: Any, server: str) -> None:
    page.goto(server + "/")
    href = page.get_attribute("link[rel=manifest]", "href")
    answer = page.request.get(server + href)
    assert answer.ok and answer.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(answer.body())
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone" and manifest["name"]
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert page.request.get(server + icon["src"]).ok, icon["src"]


def test_a_plan_opened_once_opens_again_with_no_network(page: Any, server: str) -> None:
    page.goto(server + "/")
    page.wait_for_function(CONTROLLED)  # the service worker installed and took the page
    plan = make_plan(page, server)
    page.goto(plan)
    page.wait_for_selector("#triage")
    headline = page.inner_text("#triage h1")

    page.context.set_offline(True)
    page.goto(plan)
    assert page.inner_text("#triage h1") == headline, "the plan comes from the device"
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily") != "", "its styles too"
    page.goto(server + "/")  # the app's start page (what the installed app opens)
    page.wait_for_selector("form")

    page.goto(server + "/never-opened-here")
    page.wait_for_selector("text=You are offline")
    check_page(page, "offline")
    page.context.set_offline(False)


def test_a_started_routine_opens_and_runs_with_no_network(page: Any, serve: Callable[..., Server]) -> None:
    """The installed app reopened with no connection: the session page, its script and its figures come from
    the device and the routine runs (its events wait in the outbox)."""
    server = serve({"BACKCOACH_SESSION_SPEED": "20"}).url
    page.goto(server + "/")
    page.wait_for_function(CONTROLLED)
    session = start_routine(page, server, pain_now="3", minutes_available="3")
    page.wait_for_selector("#session[data-mode=ready]")

    page.context.set_offline(True)
    page.goto(session)
    page.wait_for_selector("#session[data-mode=ready]")
    page.click("#start")
    page.wait_for_selector("#session[data-phase=reps]")
    assert page.evaluate("() => document.querySelector('#stage img').naturalWidth") > 0, "the figure was kept"
    page.wait_for_function("() => window.BackCoachSession.outbox.pending() > 0")
    page.context.set_offline(False)
    page.wait_for_function("() => window.BackCoachSession.outbox.pending() === 0")


def test_the_service_worker_changes_when_the_apps_files_do(server: str, page: Any) -> None:
    script = page.request.get(server + "/sw.js")
    assert script.ok and script.headers["service-worker-allowed"] == "/"
    source = script.text()
    assert "__VERSION__" not in source and "__PRECACHE__" not in source
    assert '"/static/style.css"' in source and '"/offline"' in source
