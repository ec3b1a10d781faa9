"""Clinicians' invite codes over the store (SQLite and PostgreSQL): made, stored hashed, used once, expired,
bounded per clinician, guessing limited; the patient's link and its audit trail."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from backcoach.errors import Forbidden, InvalidInput, NotFound, TooManyRequests
from backcoach.services.accounts import AccountService
from backcoach.services.guests import Guests
from backcoach.services.invites import (
    ACCEPTED,
    ALPHABET,
    LIFETIME,
    MAX_OPEN,
    NOT_VALID,
    STOPPED,
    Invites,
    new_code,
    normal_code,
)
from backcoach.services.login_limits import LoginLimiter

PASSWORD = "a long enough secret"
NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)


@pytest.fixture
def people(store: Any) -> dict[str, Any]:
    accounts = AccountService(store)
    return {"doc": accounts.create("doc@example.org", PASSWORD, role="clinician"),
            "other_doc": accounts.create("other@example.org", PASSWORD, role="clinician"),
            "pat": accounts.create("pat@example.org", PASSWORD),
            "sam": accounts.create("sam@example.org", PASSWORD)}


def patients_of(store: Any, clinician_id: int) -> list[str]:
    with store.reading() as uow:
        return [p.email for p in uow.users.patients_of(clinician_id)]


def test_codes_are_short_typable_and_stored_only_hashed(store: Any, people: dict[str, Any]) -> None:
    made = Invites(store).create(people["doc"], now=NOW)
    code = made["code"]
    assert len(code) == 9 and code[4] == "-" and set(code.replace("-", "")) <= set(ALPHABET)
    assert not set(ALPHABET) & set("01ILOUV")
    assert datetime.fromisoformat(made["expires_at"]) == NOW + LIFETIME
    with store.reading() as uow:
        assert uow.invites.exists(hashlib.sha256(code.replace("-", "").encode()).hexdigest())
        assert not uow.invites.exists(code) and not uow.invites.exists(code.replace("-", ""))
    assert len({new_code() for _ in range(200)}) == 200


def test_a_patient_accepts_a_code_once_and_it_is_in_their_audit_log(store: Any, people: dict[str, Any]) -> None:
    invites = Invites(store)
    code = invites.create(people["doc"], now=NOW)["code"]
    typed = f"  {code.lower().replace('-', ' ')} "  # as a person might type it
    assert invites.accept(people["pat"], {"code": typed}, now=NOW + timedelta(days=1)) == {
        "clinician": {"email": "doc@example.org"}}
    assert patients_of(store, people["doc"].id) == ["pat@example.org"]
    with pytest.raises(NotFound) as used:
        invites.accept(people["sam"], {"code": code}, now=NOW + timedelta(days=1))
    assert used.value.message == NOT_VALID
    audit = AccountService(store).export(people["pat"])["audit"]
    assert {"actor": "doc@example.org", "action": ACCEPTED} in [{k: e[k] for k in ("actor", "action")} for e in audit]


def test_unknown_used_and_expired_codes_answer_the_same(store: Any, people: dict[str, Any]) -> None:
    invites = Invites(store)
    expired = invites.create(people["doc"], now=NOW)["code"]
    unknown = next(code for code in iter(new_code, None) if code != expired)
    answers = []
    for code in (expired, unknown):
        with pytest.raises(NotFound) as refused:
            invites.accept(people["pat"], {"code": code}, now=NOW + LIFETIME)
        answers.append(refused.value.to_dict())
    assert answers[0] == answers[1] == {"error": "not_found", "message": NOT_VALID}
    assert patients_of(store, people["doc"].id) == []


def test_a_new_code_moves_the_patient_to_the_new_clinician(store: Any, people: dict[str, Any]) -> None:
    invites = Invites(store)
    invites.accept(people["pat"], {"code": invites.create(people["doc"])["code"]})
    invites.accept(people["pat"], {"code": invites.create(people["other_doc"])["code"]})
    assert patients_of(store, people["doc"].id) == [] and patients_of(store, people["other_doc"].id) == [
        "pat@example.org"]
    actions = [(e["actor"], e["action"]) for e in AccountService(store).export(people["pat"])["audit"]]
    assert ("doc@example.org", STOPPED) in actions and ("other@example.org", ACCEPTED) in actions


def test_stop_sharing(store: Any, people: dict[str, Any]) -> None:
    invites = Invites(store)
    invites.accept(people["pat"], {"code": invites.create(people["doc"])["code"]})
    invites.stop_sharing(people["pat"])
    assert invites.clinician_of(people["pat"]) == {"clinician": None}
    assert patients_of(store, people["doc"].id) == []
    invites.stop_sharing(people["pat"])  # nothing to stop: nothing happens
    actions = [e["action"] for e in AccountService(store).export(people["pat"])["audit"]]
    assert actions.count(STOPPED) == 1


def test_a_clinician_has_at_most_so_many_open_codes(store: Any, people: dict[str, Any]) -> None:
    invites = Invites(store)
    for _ in range(MAX_OPEN):
        invites.create(people["doc"], now=NOW)
    with pytest.raises(TooManyRequests) as full:
        invites.create(people["doc"], now=NOW + timedelta(hours=1))
    assert full.value.retry_after == int((LIFETIME - timedelta(hours=1)).total_seconds())
    invites.create(people["other_doc"], now=NOW)  # each clinician has their own
    assert invites.create(people["doc"], now=NOW + LIFETIME)["code"], "expired codes no longer count"


def test_guessing_codes_is_limited(store: Any, people: dict[str, Any]) -> None:
    limiter = LoginLimiter(store)
    invites = Invites(store, limiter)
    code = invites.create(people["doc"])["code"]
    wrong = next(other for other in iter(new_code, None) if other != code)
    for _ in range(limiter.limits.per_account):
        with pytest.raises(NotFound):
            invites.accept(people["pat"], {"code": wrong}, client="10.0.0.1")
    with pytest.raises(TooManyRequests):
        invites.accept(people["pat"], {"code": code}, client="10.0.0.1")
    assert invites.accept(people["sam"], {"code": code}, client="10.0.0.2")["clinician"] is not None
    AccountService(store, limiter).sign_in("pat@example.org", PASSWORD, client="10.0.0.1")  # sign-in budget apart


def test_only_patients_with_an_account_share_and_only_clinicians_make_codes(store: Any, people: dict[str, Any]
                                                                             ) -> None:
    invites = Invites(store)
    code = invites.create(people["doc"])["code"]
    guest, _ = Guests(store).start()
    for who in (guest, people["other_doc"]):
        with pytest.raises(Forbidden):
            invites.accept(who, {"code": code})
    with pytest.raises(Forbidden):
        invites.create(people["pat"])
    assert invites.accept(people["pat"], {"code": code})["clinician"] == {"email": "doc@example.org"}


@pytest.mark.parametrize(("body", "field"), [({"code": "K7M2-Q9X"}, "code"), ({"code": "O0O0-1111"}, "code"),
                                             ({"code": 12345678}, "code"), ({}, "code"),
                                             ({"code": "K7M2-Q9XR", "note": "hi"}, "note"), ([], "body")])
def test_a_malformed_code_names_the_field(store: Any, people: dict[str, Any], body: Any, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        Invites(store).accept(people["pat"], body)
    assert refused.value.field == field


def test_erasing_a_clinician_ends_their_codes_and_links(store: Any, people: dict[str, Any]) -> None:
    invites = Invites(store)
    invites.accept(people["pat"], {"code": invites.create(people["doc"])["code"]})
    code = invites.create(people["doc"])["code"]
    AccountService(store).erase(people["doc"])
    assert invites.clinician_of(people["pat"]) == {"clinician": None}
    with pytest.raises(NotFound):
        invites.accept(people["sam"], {"code": code})


def test_normal_code() -> None:
    assert normal_code(" k7m2 q9xr ") == normal_code("K7M2-Q9XR") == "K7M2Q9XR"
