"""Server-rendered pages (Jinja2, usable without JavaScript; small scripts where a page needs them). Each page
has a JSON twin under /api/v1. `PAGE_ROUTERS` is the order in which create_app includes them."""

from __future__ import annotations

from backcoach.web.pages import accounts, intake, library, plans

PAGE_ROUTERS = (intake.router, plans.router, library.router, accounts.router)
