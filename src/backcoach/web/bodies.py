"""Request bodies of the JSON API: read bounded on the event loop, parsed by the hardened reader."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from backcoach.contracts.json_input import load_json
from backcoach.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from backcoach.web.deps import known_id

# The largest JSON body read (a plan document, the largest body sent, is about 20 KiB).
MAX_BODY_BYTES = 256 * 1024
MAX_FORM_FIELDS = 200  # the largest form, the intake, has about 60
PARSED_ON_THE_LOOP = 16 * 1024  # a larger body is parsed in a worker thread (a few milliseconds at most)


async def json_body(request: Request) -> Any:
    """The request's JSON document; needs Content-Type application/json (the CSRF defence of JSON calls).
    At most MAX_BODY_BYTES are read (413 beyond, whatever Content-Length says); the document is parsed by the
    hardened reader (contracts/json_input: no NaN, no number beyond 2^53, no nesting deeper than 32, no NUL or
    lone surrogate in any string). Read on the event loop, parsed there only when small (the routes that use it
    run in worker threads)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise UnsupportedMediaType("send the body as JSON with Content-Type: application/json")
    raw = await bounded_body(request)
    if len(raw) <= PARSED_ON_THE_LOOP:
        return load_json(raw, "body")
    return await run_in_threadpool(load_json, raw, "body")


async def bounded_body(request: Request) -> bytes:
    """The request body, read up to MAX_BODY_BYTES (PayloadTooLarge beyond)."""
    too_large = PayloadTooLarge(f"the request body is larger than {MAX_BODY_BYTES // 1024} KiB")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():  # counted as it arrives: a missing or false Content-Length changes nothing
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


Body = Annotated[Any, Depends(json_body)]  # read once per request (FastAPI caches a dependency's value)


async def json_object(body: Body) -> dict[str, Any]:
    """The request's JSON document, which must be an object."""
    if not isinstance(body, dict):
        raise InvalidInput("body", "must be a JSON object")
    return body


JsonObject = Annotated[dict[str, Any], Depends(json_object)]


async def program_id_in_body(body: Body) -> int:
    """The ``program_id`` of a JSON object body: a whole number, and one the store can hold (else 404 as for a
    program that does not exist, without a query)."""
    value = body.get("program_id") if isinstance(body, dict) else None
    if value is None:
        raise InvalidInput("program_id", "is required")
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("program_id", "must be the id of one of your programs")
    return known_id(value, "program")


ProgramIdInBody = Annotated[int, Depends(program_id_in_body)]


def field(body: object, name: str) -> Any:
    """A required member of a JSON object body (InvalidInput naming it when absent)."""
    if not isinstance(body, dict) or name not in body:
        raise InvalidInput(name, "is required")
    return body[name]


async def form_body(request: Request) -> dict[str, list[str]]:
    """An HTML form post (application/x-www-form-urlencoded) as field -> values, read up to MAX_BODY_BYTES
    (PayloadTooLarge beyond, as for JSON); garbage is a 422, never a 500."""
    raw = await bounded_body(request)
    try:
        return parse_qs(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                        max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput("form", f"is not a readable form post (UTF-8, at most {MAX_FORM_FIELDS} fields)") from None
