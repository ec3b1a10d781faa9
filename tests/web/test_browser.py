"""A person fills the intake in a real Chromium (Debian's), served by the real app over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (make test installs it)"),
]


WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''))"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "BACKCOACH_DATA_DIR": str(tmp_path_factory.mktemp("data")), "BACKCOACH_PORT": str(port)}
    process = subprocess.Popen([sys.executable, "-m", "backcoach", "serve"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def test_sciatica_that_eases_with_backward_bending_gets_an_extension_routine(
    server: str, browser: object, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(server + "/")
    page.fill("#age", "41")
    page.fill("#pain_now", "5")
    page.select_option("#leg_symptoms", "below_knee")
    page.select_option("#leg_symptom_side", "left")
    page.check("input[name=worse_with][value=sitting]")
    page.check("input[name=better_with][value=walking]")
    for radio in page.locator(".warning_signs input[value=no]").all():
        radio.check()
    page.select_option("#repeated_movement_response__extension", "centralized")
    page.click("button.primary")
    page.wait_for_selector("#triage")
    assert page.get_attribute("#triage", "data-level") == "self_care_ok"
    assert page.inner_text("#bias") == "extension"
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == [], "the plan fits a phone"
    directions = page.eval_on_selector_all(".card", "cards => cards.map(c => c.dataset.direction)")
    assert "flexion" not in directions and "extension" in directions
    page.screenshot(path=str(tmp_path / "plan-mobile.png"), full_page=True)
    page.close()


def test_numb_when_you_wipe_means_emergency_and_no_routine(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/")
    page.fill("#age", "52")
    page.fill("#pain_now", "7")
    page.check("input[name=red_flags__saddle_numbness][value=yes]")
    page.click("button.primary")
    assert page.get_attribute("#triage", "data-level") == "emergency"
    assert "emergency" in page.inner_text("#triage").lower()
    assert page.locator(".card").count() == 0
    page.close()


def test_every_mistake_is_shown_at_once_next_to_the_form(server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "/")
    page.fill("#age", "44")
    page.fill("#pain_now", "4")
    page.click("button.primary")
    errors = page.inner_text("#form-error")
    assert "numb when you wipe" in errors and "chest pain" in errors.lower()
    assert page.locator(".warning_signs .question.invalid").count() >= 16
    assert page.input_value("#age") == "44", "answers are kept"
    page.close()



def test_no_page_scrolls_sideways_on_a_phone(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    for path in ("/", "/exercises", "/videos?q=knee+to+chest"):
        page.goto(server + path)
        assert page.evaluate(WIDER_THAN_THE_SCREEN) == [], path
    page.goto(server + "/")
    page.fill("#age", "41")
    page.click("button.primary")
    page.wait_for_selector("#form-error")
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == [], "the form listing what is missing"
    page.close()
