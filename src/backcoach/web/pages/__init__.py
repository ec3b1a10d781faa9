"""Server-rendered pages (Jinja2, usable without JavaScript; small scripts where a page needs them). Each page
has a JSON twin under /api/v1. `PAGE_ROUTERS` is the order in which create_app includes them."""

from __future__ import annotations

from backcoach.web.pages import (
    accounts,
    app_shell,
    docs,
    figures,
    intake,
    library,
    plans,
    progress,
    sessions,
)

PAGE_ROUTERS = (
    sessions.router,
    intake.router,
    plans.router,
    progress.router,
    accounts.router,
    figures.router,
    library.router,
    app_shell.router,
    docs.router,
)
