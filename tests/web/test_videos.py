"""The video search page, its JSON twin, and videos on the plan page (sample catalogue seeded at start)."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backcoach.knowledge.questions import warning_signs
from backcoach.settings import Settings
from backcoach.web.app import create_app


def test_api_search_answers_the_contract(client: TestClient) -> None:
    response = client.get("/api/v1/videos/search", params={"q": "stretches in bed", "limit": 3})
    assert response.status_code == 200
    found = response.json()
    assert found[0]["video_id"] == "bcSampleBed1"
    assert {"video_id", "title", "url", "score", "start_seconds", "why"} <= set(found[0])


def test_api_search_without_a_query_names_the_field(client: TestClient) -> None:
    response = client.get("/api/v1/videos/search", params={"q": " "})
    assert response.status_code == 422 and response.json()["message"].startswith("q:")


def test_the_search_page_lists_results_with_their_tags(client: TestClient) -> None:
    page = client.get("/videos", params={"q": "cobra stretch"})
    assert page.status_code == 200
    assert "Back Pain Relief with Extension &amp; Rotation Stretches" in page.text
    assert "Starts at 2:30: Prone press up" in page.text
    assert re.search(r'<span class="tag">low back</span>', page.text)


def test_the_plan_page_shows_videos_for_its_exercises(client: TestClient) -> None:
    form = client.get("/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    no = {q.form_name: "no" for q in warning_signs()}
    page = client.post("/", data={"csrf_token": token.group(1), "age": "45", "pain_now": "4", **no})
    assert page.status_code == 200, page.text[:500]
    assert "Play video from" in page.text and "watch?v=bcSamplePelv" in page.text


def test_the_search_page_says_when_matching_by_meaning_is_getting_ready_and_then_uses_it(tmp_path: Path) -> None:
    from backcoach.catalog import semantic

    if not semantic.available():
        pytest.skip("the embeddings extra is not installed")
    settings = Settings(data_dir=tmp_path, database_url=None, host="127.0.0.1", port=8000, semantic=True)
    with TestClient(create_app(settings)) as client:  # the app starts loading the model as it starts
        loading = [t for t in threading.enumerate() if t.name == "backcoach-meaning"]
        if loading:
            assert "getting ready" in client.get("/videos", params={"q": "stiff back in the morning"}).text
        for thread in loading:
            thread.join()  # the state to wait for: loaded
        assert "Also matches by meaning" in client.get("/videos", params={"q": "stiff back in the morning"}).text
        found = client.get("/api/v1/videos/search", params={"q": "loosen up a stiff back when waking"}).json()
        assert any("semantic" in f["score_parts"] for f in found)
        words = client.get("/api/v1/videos/search", params={"q": "loosen up", "semantic": "false"}).json()
        assert not any("semantic" in f["score_parts"] for f in words)
