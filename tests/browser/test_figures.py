"""The exercise library in a real Chromium at phone and desktop size: every exercise's figure loads, the page
fits the screen and passes axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from backcoach.knowledge.loader import load_knowledge
from tests.browser.conftest import check_page

pytestmark = pytest.mark.browser

ALL_LOADED = """() => [...document.querySelectorAll('img.figure')]
    .every(img => img.complete && img.naturalWidth > 0)"""
BROKEN = """() => [...document.querySelectorAll('img.figure')]
    .filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.getAttribute('src'))"""


def test_the_library_shows_every_figure_and_fits_the_screen(server: str, page: Any) -> None:
    page.goto(server + "/exercises")
    images = page.locator("img.figure")
    assert images.count() == len(load_knowledge().exercises)
    for index in range(images.count()):  # lazy images load once they come near the screen
        images.nth(index).scroll_into_view_if_needed()
    page.wait_for_function(ALL_LOADED)
    assert page.evaluate(BROKEN) == []
    width = page.evaluate("() => document.querySelector('img.figure').getBoundingClientRect().width")
    assert 150 < width <= page.viewport_size["width"]
    page.evaluate("() => window.scrollTo(0, 0)")
    check_page(page, "exercises")
