"""Quick checks of benchmarks/web.py's own parts (the benchmark itself is run by `make bench`, not here): its
HTTP client reads answers right, its session events are valid and in order, and a short load against the
hello-world server it compares with gives answers and figures."""

from __future__ import annotations

import asyncio
import json
import math
import re

from backcoach.services.session_replay import check_event
from benchmarks import web


def read(raw: bytes) -> tuple[int, bytes]:
    async def parse() -> tuple[int, bytes]:
        reader = asyncio.StreamReader()
        reader.feed_data(raw)
        reader.feed_eof()
        return await web.read_response(reader)

    return asyncio.run(parse())


def test_answers_are_read_by_content_length_and_by_chunks() -> None:
    assert read(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhelloNEXT") == (200, b"hello")
    chunked = b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    assert read(chunked) == (404, b"abcde")


def test_a_request_carries_its_body_length_and_headers() -> None:
    request = web.http_request("POST", "/x", {"Content-Type": "application/json"}, b'{"a": 1}')
    head, body = request.split(b"\r\n\r\n")
    assert head.startswith(b"POST /x HTTP/1.1\r\n") and b"Content-Length: 8" in head and body == b'{"a": 1}'
    assert b"Content-Length" not in web.http_request("GET", "/hello")


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert web.percentile(values, 0.99) == 99.0 and web.percentile(values, 0.5) == 50.0
    assert math.isnan(web.percentile([], 0.99))


def test_session_events_are_valid_in_order_with_fresh_keys() -> None:
    fixture = web.Fixture("backcoach_session=x", [7, 8], "plan", "backcoach_csrf=y", [1, 1])
    sent = [web.event_request(fixture, 0) for _ in range(8)]
    events = [json.loads(request.split(b"\r\n\r\n")[1]) for request in sent]
    for event in events:
        check_event(event)  # raises for an event the app would refuse
    assert [event["type"] for event in events] == [web.EVENT_MIX[n % len(web.EVENT_MIX)] for n in range(1, 9)]
    assert [event["at"] for event in events] == sorted({event["at"] for event in events})
    keys = [re.search(rb"Idempotency-Key: (\S+)", request).group(1) for request in sent]  # type: ignore[union-attr]
    assert len(set(keys)) == len(keys)
    assert all(b"POST /api/v1/sessions/7/events" in request for request in sent)
    assert fixture.next_event == [9, 1], "the other client's session is untouched"


def test_a_short_load_on_the_hello_server_is_measured(tmp_path: object) -> None:
    with web.server(web.hello_command(1), "/hello", str(tmp_path)) as served:
        result = web.run_load(served, lambda index: web.HELLO_REQUEST, 2, seconds=0.3, warmup=0.1)
    assert result.errors == []
    assert result.rps > 0 and result.answered >= len(result.latencies) > 0
    assert result.server_cpu_ms > 0 and result.client_cpu >= 0
