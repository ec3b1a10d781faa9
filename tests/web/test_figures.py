"""GET /exercises/{id}/figure.svg for every exercise (valid SVG, titled, no style attributes, cacheable) and its
JSON twin, the `figure` member of GET /api/v1/exercises/{id}."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient

from backcoach.knowledge.loader import load_knowledge

EXERCISES = load_knowledge().exercises
SVG = "{http://www.w3.org/2000/svg}"


def test_every_exercise_has_a_figure_that_is_small_valid_titled_svg(client: TestClient) -> None:
    for exercise_id, exercise in EXERCISES.items():
        answer = client.get(f"/exercises/{exercise_id}/figure.svg")
        assert answer.status_code == 200, exercise_id
        assert answer.headers["content-type"].startswith("image/svg+xml")
        assert answer.headers["cache-control"] == "public, max-age=86400"
        root = ElementTree.fromstring(answer.content)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img" and root.get("viewBox")
        title = root.find(f"{SVG}title")
        assert title is not None and title.text == exercise.name
        assert all("style" not in element.attrib for element in root.iter()), f"{exercise_id} has a style attribute"
        assert root.find(f".//{SVG}style") is None
        assert len(answer.content) < 6000, f"{exercise_id} is {len(answer.content)} bytes"


def test_the_figure_is_the_same_every_time(client: TestClient) -> None:
    first = client.get("/exercises/bridge/figure.svg").content
    assert client.get("/exercises/bridge/figure.svg").content == first


def test_the_figure_stays_cacheable_when_the_request_carries_a_cookie(client: TestClient) -> None:
    client.cookies.set("backcoach_session", "anything")
    answer = client.get("/exercises/cat-cow/figure.svg")
    assert answer.headers["cache-control"] == "public, max-age=86400"
    assert client.get("/api/v1/exercises/cat-cow").headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", ["/exercises/no-such-exercise/figure.svg", "/exercises/%20/figure.svg"])
def test_an_unknown_exercise_has_no_figure(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.json()["error"] == "not_found"


def test_the_json_twin_carries_the_figure_data(client: TestClient) -> None:
    document = client.get("/api/v1/exercises/prone-press-up").json()
    figure = document["figure"]
    assert figure["svg"] == "/exercises/prone-press-up/figure.svg"
    assert figure["position"] == "prone" and figure["view"] == "side"
    assert set(figure["pose"]) == {"trunk", "spine", "neck", "support", "roll", "near", "far"}
    assert figure["pose"]["near"]["elbow"] == 0  # arms straight at the top of the press-up
    assert figure["start"]["trunk"] == 90  # from lying face down
    assert document["id"] == "prone-press-up" and "steps" in document  # the rest of the document is unchanged


def test_the_library_page_shows_every_figure(client: TestClient) -> None:
    page = client.get("/exercises").text
    for exercise_id in EXERCISES:
        assert f'src="/exercises/{exercise_id}/figure.svg"' in page
    assert 'loading="lazy"' in page and "/static/css/figures.css" in page
    assert client.get("/static/css/figures.css").status_code == 200
