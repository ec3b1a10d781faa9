"""Schemathesis over the whole documented HTTP API (/openapi.json), the app in process: every operation, as a
signed-in patient (a clinician on the clinician routes), with generated valid and invalid inputs. No answer is
a server error, and each answer has a documented status and matches its documented schema. Run on SQLite and
on PostgreSQL (skipped, saying why, where PostgreSQL is not reachable).

The budget (BACKCOACH_FUZZ_EXAMPLES examples per operation, 12 by default) keeps the file well under a minute
and a half on a loaded 2-core machine; the generation is derandomized, so CI runs the same cases every time."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from backcoach.services.planning import build_plan
from backcoach.settings import Settings
from backcoach.web.app import create_app
from backcoach.web.deps import COOKIE
from devtools.answers import complete
from devtools.postgres import postgres_schema, postgres_unavailable
from tests.web.conftest import PASSWORD

EXAMPLES = int(os.environ.get("BACKCOACH_FUZZ_EXAMPLES", "12"))
SLOWEST_ANSWER = 120  # seconds
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
PLAN = build_plan(complete({"age": 45, "pain_now": 4, "minutes_available": 5}))
# Generating from big schemas on a loaded 2-core machine is slow; the autouse private_data_dir fixture is
# function-scoped, but the cases only use the module's world.
SLOW_MACHINE = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                HealthCheck.large_base_example, HealthCheck.function_scoped_fixture]
# Routes that end the caller's account or sign-in: each example gets a patient of its own.
SPENDS_THE_ACCOUNT = {("DELETE", "/api/v1/me"), ("POST", "/api/v1/auth/logout")}


@dataclass
class World:
    """The app over a fresh store, with a clinician and one of their patients who has a program and a session."""

    app: FastAPI
    doctor: str  # the clinician's session cookie
    patient: str  # the patient's session cookie
    ids: dict[str, int]  # the patient's own program_id, session_id and (for the clinician) patient_id
    emails: Iterator[str]

    def fresh_patient(self) -> str:
        """A new patient of the clinician, signed in: the cookie."""
        accounts = self.app.state.backcoach.accounts()
        email = next(self.emails)
        accounts.create(email, PASSWORD, clinician_email="doc@example.org")
        return str(accounts.sign_in(email, PASSWORD)[1])


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    if request.param == "sqlite":
        yield from _world(folder, None)
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    with postgres_schema() as url:
        yield from _world(folder, url)


def _world(folder: Path, database_url: str | None) -> Iterator[World]:
    app = create_app(Settings(data_dir=folder, database_url=database_url, host="127.0.0.1", port=8000))
    application = app.state.backcoach
    try:
        accounts = application.accounts()
        accounts.create("doc@example.org", PASSWORD, role="clinician")
        patient = accounts.create("pat@example.org", PASSWORD, clinician_email="doc@example.org")
        person = application.person(patient.id)
        program_id = person.programs.save_plan(PLAN, reason="saved from a plan")
        session_id = person.sessions.start(program_id).session_id
        doctor, mine = (str(accounts.sign_in(email, PASSWORD)[1]) for email in ("doc@example.org", "pat@example.org"))
        ids = {"program_id": program_id, "session_id": session_id, "patient_id": patient.id}
        yield World(app, doctor, mine, ids, (f"fuzz{n}@example.org" for n in itertools.count()))
    finally:
        shutdown_lifespans()  # schemathesis keeps the app's lifespan running from its first call: this ends it
        application.close()


def _documented() -> schemathesis.schemas.BaseSchema:
    """The app's OpenAPI document (what /openapi.json serves; building it opens no store). Each test sends its
    cases to the app of its own world (SQLite or PostgreSQL), in process."""
    app = create_app(Settings(data_dir=Path("unused"), database_url=None, host="127.0.0.1", port=8000))
    loaded = schemathesis.openapi.from_dict(app.openapi())
    loaded.app = app  # marks the schema as an ASGI app's: calls go in process, to the `app` each call names
    return loaded


schema = _documented()


@schema.given(own_ids=st.booleans())
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=SLOW_MACHINE)
def test_no_server_error_and_answers_as_documented(case: schemathesis.Case[Any], own_ids: bool, world: World
                                                   ) -> None:
    if own_ids and case.path_parameters:  # cases that reach the caller's own rows, not only missing ones
        case.path_parameters = {name: world.ids.get(name, value) for name, value in case.path_parameters.items()}
    if (case.method, case.path) in SPENDS_THE_ACCOUNT:
        cookie = world.fresh_patient()
    else:
        cookie = world.doctor if "/clinician/" in case.path else world.patient
    # a slow answer is not a server error: the first semantic video search loads the sentence model (seconds)
    case.call_and_validate(app=world.app, cookies={COOKIE: cookie}, checks=CHECKS, timeout=SLOWEST_ANSWER)
