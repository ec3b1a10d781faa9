"""The app's routes: every route's work runs off the event loop."""

from __future__ import annotations

import inspect

from fastapi.routing import APIRoute

from backcoach.web import accounts_api, api, care_api, pages

ROUTERS = (pages.router, api.router, accounts_api.router, care_api.router)  # what create_app includes
# Routes that must await the request body themselves; they hand the rest of the work to a thread.
READS_THE_FORM = {pages.submit_intake}


def test_routes_do_their_work_in_a_thread() -> None:
    routes = [route for router in ROUTERS for route in router.routes if isinstance(route, APIRoute)]
    on_the_loop = [route.path for route in routes
                   if inspect.iscoroutinefunction(route.endpoint) and route.endpoint not in READS_THE_FORM]
    assert len(routes) > 20
    assert on_the_loop == [], "a coroutine route runs on the event loop; make it a plain function"
    assert "run_in_threadpool" in inspect.getsource(pages.submit_intake)
