"""The web app manifest, the service worker and the offline page, served by the app itself."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backcoach.web.pages.app_shell import shell_files


def test_the_manifest_and_its_twin_agree(client: TestClient) -> None:
    page = client.get("/manifest.webmanifest")
    assert page.status_code == 200 and page.headers["content-type"].startswith("application/manifest+json")
    assert page.json() == client.get("/api/v1/app/manifest").json()
    for icon in page.json()["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


def test_the_service_worker_keeps_every_file_the_pages_load(client: TestClient) -> None:
    script = client.get("/sw.js")
    assert script.status_code == 200 and script.headers["service-worker-allowed"] == "/"
    assert script.headers["cache-control"] == "no-cache", "a new version is picked up at once"
    for url in shell_files():
        assert f'"{url}"' in script.text
        assert client.get(url).status_code == 200, url
    for loaded in ("/static/style.css", "/static/js/app.js", "/static/icons/icon-192.png"):
        assert loaded in shell_files()
    assert "/static/js/sw.js" not in shell_files()


def test_a_page_not_kept_offline_says_so(client: TestClient) -> None:
    page = client.get("/offline")
    assert page.status_code == 200 and "You are offline" in page.text
