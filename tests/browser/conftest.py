"""Shared fixtures of the browser tests: the real app served over HTTP by `backcoach serve`, Debian's Chromium
driven by Playwright, phone and desktop pages, screenshots kept as test artefacts, and the checks every page
must pass (nothing wider than the screen; no serious or critical axe-core violation).

Tests wait for a state (a selector, a text, a response), never for a fixed time."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
SIZES = {"phone": PHONE, "desktop": DESKTOP}

if not os.path.exists(CHROMIUM):
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)

WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('body *')]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > window.innerWidth + 1; })
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className
         === 'string' ? '.' + el.className.split(' ').join('.') : ''))"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`backcoach serve` in a subprocess on a free port, with its own data folder."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environ = {**os.environ, "BACKCOACH_DATA_DIR": str(data_dir), "BACKCOACH_PORT": str(self.port), **(env or {})}
        environ.pop("BACKCOACH_DATABASE_URL", None) if env is None or "BACKCOACH_DATABASE_URL" not in env else None
        self.process = subprocess.Popen([sys.executable, "-m", "backcoach", "serve"], env=environ,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # waits for the state "answers /healthz"
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("the server did not answer /healthz within 60 s")

    def json(self, path: str, cookie: str | None = None) -> Any:
        request = urllib.request.Request(self.url + path, headers={"Cookie": cookie} if cookie else {})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Server]]:
    """Start servers with extra environment (e.g. {"BACKCOACH_SESSION_SPEED": "20"}); stopped at the end."""
    started: list[Server] = []

    def start(env: dict[str, str] | None = None) -> Server:
        server = Server(tmp_path_factory.mktemp("data"), env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def server(serve: Callable[..., Server]) -> str:
    """The URL of a server on the embedded defaults (SQLite in a fresh data folder)."""
    return serve().url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=sorted(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    """Run the test at phone size (390 x 844) and at desktop size."""
    return str(request.param)


@pytest.fixture
def page(browser: Any, size: str) -> Iterator[Any]:
    """A page in a fresh browser context (its own cookies and storage) at the test's size."""
    context = browser.new_context(viewport=SIZES[size], is_mobile=size == "phone", has_touch=size == "phone")
    context.set_default_timeout(20_000)
    opened = context.new_page()
    yield opened
    context.close()


def artifacts_dir() -> Path:
    """Where screenshots are kept: $BACKCOACH_TEST_ARTIFACTS, else test-artifacts/ in the checkout."""
    folder = Path(os.environ.get("BACKCOACH_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(page: Any, name: str) -> Path:
    """A full-page screenshot named after the page and the window's width, kept as a test artefact."""
    path = artifacts_dir() / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wider_than_the_screen(page: Any) -> list[str]:
    """The elements that stick out to the right of the window (a page that scrolls sideways)."""
    return list(page.evaluate(WIDER_THAN_THE_SCREEN))


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """axe-core's violations of the given impacts on the page as it is now (axe-core from npm)."""
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run `make test` (it runs npm ci)")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # via the driver: the CSP allows no inline script
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result if v["impact"] in impacts]


def check_page(page: Any, name: str) -> None:
    """Every page: a screenshot kept, nothing wider than a phone's screen, no serious or critical axe finding."""
    shoot(page, name)
    assert wider_than_the_screen(page) == [], f"{name} scrolls sideways"
    assert axe_violations(page) == [], f"{name} has accessibility violations"


def make_plan(page: Any, server: str, **answers: str) -> str:
    """Post the intake form as the page's visitor (their cookies and CSRF token): age 41, pain 4, every warning
    sign answered no, and whatever `answers` add or change (form names); returns the URL of the plan page it
    redirects to."""
    from backcoach.knowledge.questions import questions

    page.goto(server + "/")
    form = {"csrf_token": page.input_value("input[name=csrf_token]"), "age": "41", "pain_now": "4",
            **{q.form_name: "no" for q in questions() if q.warning_sign}, **answers}
    answer = page.request.post(server + "/", form=form)
    assert answer.ok and "/plans/" in answer.url, (answer.status, answer.url)
    return str(answer.url)


def start_routine(page: Any, server: str, **answers: str) -> str:
    """A plan made as in `make_plan`, opened, and started with its own Start button: a visitor becomes a guest
    ("try without an account"). Returns the session page's URL (the page is on it)."""
    page.goto(make_plan(page, server, **answers))
    page.click("form[action$='/start'] button")
    page.wait_for_url("**/sessions/*")
    return str(page.url)
