"""The video search page, its JSON twin, and videos on the plan page (sample catalogue seeded at start)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from backcoach.knowledge.questions import warning_signs


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
