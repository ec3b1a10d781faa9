"""The pages no journey test passes through on its way, checked like every other page: a screenshot kept at
phone and desktop size, nothing wider than the screen, no serious or critical axe-core violation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import check_page

pytestmark = pytest.mark.browser

PAGES = {
    "videos": "/videos",
    "videos-results": "/videos?q=stretches+for+sciatica+in+bed",
    "licences": "/about/licences",
    "docs": "/docs",
    "not-found": "/plans/AAAAAAAAAAAAAAAAAAAAAA",
    "session-visitor": "/sessions/1",
    "checkin-visitor": "/checkin",
    "progress-visitor": "/progress",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_fits_and_passes_axe(page: Any, server: str, name: str) -> None:
    page.goto(server + PAGES[name])
    if name == "docs":
        page.wait_for_selector(".opblock >> nth=29")  # Swagger UI has drawn the operations
    check_page(page, name)
