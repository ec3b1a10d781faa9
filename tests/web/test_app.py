"""The app's routes: every route's work runs off the event loop, every error answer has the app's body, and
the OpenAPI document says which bodies and error answers each route has."""

from __future__ import annotations

import inspect

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from backcoach.web.bodies import json_body
from backcoach.web.deps import current_account
from backcoach.web.pages import PAGE_ROUTERS, intake, plans, progress
from backcoach.web.routes import API_ROUTERS

ROUTERS = (*PAGE_ROUTERS, *API_ROUTERS)  # what create_app includes
# Routes that must await the request body themselves; they hand the rest of the work to a thread.
READS_THE_FORM = {intake.submit_intake, plans.start_plan, progress.submit_checkin}


def test_routes_do_their_work_in_a_thread() -> None:
    routes = [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]
    on_the_loop = [route.path for route in routes
                   if inspect.iscoroutinefunction(route.endpoint) and route.endpoint not in READS_THE_FORM]
    assert len(routes) > 20
    assert on_the_loop == [], "a coroutine route runs on the event loop; make it a plain function"
    for reads_the_form in READS_THE_FORM:
        assert "run_in_threadpool" in inspect.getsource(reads_the_form)


def test_every_error_answer_has_the_apps_body(client: TestClient) -> None:
    """FastAPI's and Starlette's own answers (a parameter it cannot read, no such path, a method the path does
    not take) come in the same body as the app's errors: {"error", "message"} (and "field" when invalid)."""
    unreadable = client.get("/api/v1/videos/search", params={"q": "back", "limit": "many"})
    assert unreadable.status_code == 422
    assert unreadable.json()["error"] == "invalid_input" and unreadable.json()["field"] == "limit"
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.json() == {"error": "not_found", "message": "Not Found"}
    wrong_method = client.put("/api/v1/plans")
    assert wrong_method.status_code == 405 and wrong_method.json()["error"] == "http_error"
    assert "POST" in wrong_method.headers["allow"]


def test_the_openapi_document_gives_each_routes_bodies_and_error_answers(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    routes = [route for router in API_ROUTERS for route in router.routes if isinstance(route, APIRoute)]
    for route in routes:
        for method in route.methods or ():
            operation = paths[route.path][method.lower()]
            answers = set(operation["responses"])
            deps = _dependencies(route.dependant)
            if json_body in deps:
                assert "requestBody" in operation, (method, route.path)
                assert {"413", "415", "422"} <= answers, (method, route.path)
            if current_account in deps:
                assert "401" in answers, (method, route.path)
            for code in answers - {"200", "201", "204"}:
                assert operation["responses"][code]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorAnswer"}, (method, route.path, code)


def _dependencies(dependant: Dependant) -> set[object]:
    return {d.call for d in dependant.dependencies} | {
        call for d in dependant.dependencies for call in _dependencies(d)}


def test_a_browser_opening_a_missing_page_gets_a_page_and_the_api_keeps_json(client: TestClient) -> None:
    as_a_browser = {"accept": "text/html,application/xhtml+xml"}
    for path in ("/plans/AAAAAAAAAAAAAAAAAAAAAA", "/no-such-page"):
        page = client.get(path, headers=as_a_browser)
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html"), path
        assert "Not found" in page.text and 'role="alert"' in page.text
    api = client.get("/api/v1/plans/AAAAAAAAAAAAAAAAAAAAAA", headers=as_a_browser)
    assert api.status_code == 404 and api.json() == {"error": "not_found", "message": "no such plan"}
    assert client.get("/no-such-page").json()["error"] == "not_found", "a client that does not ask for HTML"


def test_the_event_routes_idempotency_key_is_documented_as_required(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/sessions/{session_id}/events"]["post"]
    headers = [p for p in operation["parameters"] if p["in"] == "header"]
    assert [(h["name"], h["required"]) for h in headers] == [("Idempotency-Key", True)]
    assert "400" in operation["responses"], "a missing key is a 400, as interfaces.md says"
