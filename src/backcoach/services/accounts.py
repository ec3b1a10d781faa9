"""Accounts: register, sign in and out (cookie tokens stored hashed), export everything, erase everything."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

from backcoach.contracts.validator import SchemaViolation, Validator
from backcoach.db.uow import UnitOfWork
from backcoach.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, StorageReadOnly
from backcoach.services.login_limits import LoginLimiter, account_key
from backcoach.services.store import Store

ROLES = ("patient", "clinician")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 320
MIN_PASSWORD = 8
MAX_PASSWORD = 128
MIN_DISTINCT_CHARACTERS = 4
ABSOLUTE_TIMEOUT = timedelta(hours=12)  # a session ends this long after sign-in, however active
IDLE_TIMEOUT = timedelta(minutes=30)  # ... or after this long unused
# "Try without an account" has no password to come back with: its session lasts a day unused and a week in all
# (the person is told so); once it ends the guest account cannot be reached and is deleted (services/guests.py).
GUEST_IDLE_TIMEOUT = timedelta(days=1)
GUEST_ABSOLUTE_TIMEOUT = timedelta(days=7)
SEEN_EVERY = timedelta(minutes=1)  # last-seen is written at most this often (one write a minute, not a request)
ABSOLUTE_TIMEOUT_SECONDS = int(ABSOLUTE_TIMEOUT.total_seconds())


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    role: str
    guest: bool = False  # "try without an account": no email or password of its own until claimed

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "email": None if self.guest else self.email, "role": self.role, "guest": self.guest}


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


@functools.cache
def dummy_hash() -> str:
    """A hash no password matches, verified for an unknown email so that it costs what a known one does."""
    return str(_hasher().hash(secrets.token_urlsafe(32)))


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (services/data/common_passwords.txt), lower case."""
    text = resources.files("backcoach.services").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@functools.cache
def _account_schema() -> Validator:
    text = resources.files("backcoach.contracts").joinpath("account.schema.json").read_text("utf-8")
    return Validator(json.loads(text))


def checked(kind: str, document: object) -> dict[str, Any]:
    """The document if it satisfies `#/$defs/<kind>` of contracts/account.schema.json (register, login,
    account); otherwise InvalidInput naming the field. Unknown fields are refused."""
    try:
        _account_schema().validate(document, kind)
    except SchemaViolation as broken:
        raise InvalidInput(broken.path, broken.problem) from None
    assert isinstance(document, dict)
    return document


class AccountService:
    def __init__(self, store: Store, limiter: LoginLimiter | None = None) -> None:
        self._store = store
        self._limiter = limiter or LoginLimiter(store)

    def create(self, email: object, password: object, role: str = "patient", clinician_email: str | None = None
               ) -> Account:
        """A new account; the email is its name (case does not matter)."""
        checked("account", {"email": email, "password": password, "role": role})
        address, secret = _email(email), _password(password)
        with self._store.unit_of_work() as uow:
            clinician_id = None
            if clinician_email:
                clinician = uow.users.by_email(clinician_email)
                if clinician is None or clinician.role != "clinician":
                    raise NotFound(f"no clinician account for {clinician_email}")
                clinician_id = clinician.id
            user = uow.users.add(address, role, _hasher().hash(secret), clinician_id)
            uow.commit()
            return Account(user.id, user.email, user.role)

    def register(self, body: object) -> str:
        """Self-service sign-up of a patient from a request body (`register` of account.schema.json). An email
        that already has an account answers exactly like a new one (same result, same cost: the password is
        hashed either way) so that sign-up does not tell who has an account; the existing account is left
        untouched. Returns the normalised email."""
        request = checked("register", body)
        try:
            return self.create(request["email"], request["password"]).email
        except Conflict:
            return _email(request["email"])

    def sign_in_request(self, body: object, client: str | None = None, replaces: str | None = None
                        ) -> tuple[Account, str]:
        """`sign_in` from a request body (`login` of account.schema.json)."""
        request = checked("login", body)
        return self.sign_in(request["email"], request["password"], client=client, replaces=replaces)

    def sign_in(self, email: object, password: object, now: datetime | None = None, client: str | None = None,
                replaces: str | None = None) -> tuple[Account, str]:
        """Check the password; returns the account and a new session token (only its hash is stored).
        An unknown email verifies a dummy hash (same cost); failures are limited per account and per client."""
        address = _email(email)
        self._limiter.check(address, client)
        with self._store.unit_of_work() as uow:
            user = uow.users.by_email(address)
            if not _verify(user.password_hash if user else None, password) or user is None:
                self._limiter.failed(address, client, uow)
                uow.commit()
                raise NotAuthenticated("the email or the password is wrong")
            self._limiter.succeeded(address, uow)
            if _hasher().check_needs_rehash(user.password_hash):
                user.password_hash = _hasher().hash(password)  # argon2 parameters changed: upgrade the hash
            moment = now or datetime.now(UTC)
            if replaces:
                uow.auth.remove(token_hash(replaces))  # a new token at every sign-in: the old one ends
            from backcoach.services.guests import purge_ended  # (guests.py builds on this module)

            purge_ended(uow, moment)  # ended sessions, and the guest accounts no one can reach any more
            token = new_sign_in(uow, user.id, moment)
            uow.commit()
            return Account(user.id, user.email, user.role), token

    def sign_out(self, token: str) -> None:
        with self._store.unit_of_work() as uow:
            uow.auth.remove(token_hash(token))
            uow.commit()

    def account_for(self, token: str | None, now: datetime | None = None) -> Account:
        if not token:
            raise NotAuthenticated("sign in first")
        moment, hashed = now or datetime.now(UTC), token_hash(token)
        with self._store.reading() as uow:
            found = uow.auth.signed_in(hashed)
        idle = GUEST_IDLE_TIMEOUT if found is not None and found.guest else IDLE_TIMEOUT
        if found is None or found.expires_at <= moment or found.last_seen <= moment - idle:
            if found is not None:
                with self._unless_read_only() as bookkeeping:
                    bookkeeping.auth.remove(hashed)
            raise NotAuthenticated("your session has ended: sign in again")
        if moment - found.last_seen >= SEEN_EVERY:
            with self._unless_read_only() as bookkeeping:
                bookkeeping.auth.seen(hashed, moment)
        return Account(found.user_id, found.email, found.role, found.guest)

    @contextmanager
    def _unless_read_only(self) -> Iterator[UnitOfWork]:
        """A unit of work for bookkeeping that a read can go without (a last-seen time, an ended session's
        removal, a person's note of their own export): committed at its end, or dropped when the database
        cannot be written, so that a read-only database still serves reads."""
        with suppress(StorageReadOnly), self._store.unit_of_work() as uow:
            yield uow
            uow.commit()

    def export(self, account: Account) -> dict[str, Any]:
        """Everything stored about this person, as one JSON document; the export is in the audit log it holds
        (unless the database cannot be written: the person still gets their data)."""
        with self._unless_read_only() as bookkeeping:
            bookkeeping.audit.add(account.id, account.id, "exported all your data")
        with self._store.reading() as uow:
            programs = []
            for program in uow.programs.all_for_user(account.id):
                programs.append({"id": program.id, "versions": [
                    {"version": v.version, "reason": v.reason, "created_at": v.created_at.isoformat(), "plan": v.plan}
                    for v in uow.programs.versions(program.id)]})
            sessions = [{"id": s.id, "program_id": s.program_id, "program_version": s.program_version,
                         "status": s.status, "created_at": s.created_at.isoformat(),
                         "events": [row.body for row in uow.events.list(s.id)], "form_summary": s.form_summary}
                        for s in uow.sessions.for_user(account.id)]
            checkins = [{"created_at": c.created_at.isoformat(), "pain_now": c.pain_now,
                         "leg_symptoms": c.leg_symptoms, "leg_symptom_kinds": c.leg_symptom_kinds, "psfs": c.psfs,
                         "odi_answers": c.odi_answers, "odi_percent": c.odi_percent, "red_flags": c.red_flags,
                         "start_back": c.start_back}
                        for c in uow.checkins.list_for_user(account.id)]
            stops = [{"created_at": h.created_at.isoformat(), "source": h.source, "triage": h.triage,
                      "cleared_at": h.cleared_at.isoformat() if h.cleared_at else None, "clearance": h.clearance}
                     for h in uow.holds.all_for_user(account.id)]
            tests = [{"created_at": t.created_at.isoformat(), "method": t.method, **t.result}
                     for t in uow.movement_tests.for_user(account.id)]
            audit = uow.audit.for_subject(account.id)
        return {"account": account.to_dict(), "programs": programs, "sessions": sessions, "checkins": checkins,
                "safety_stops": stops, "movement_tests": tests, "audit": audit}

    def erase(self, account: Account) -> None:
        """Delete the person and everything of theirs (their failed sign-ins too); with secure_delete on, the
        rows' bytes are overwritten, and the write-ahead log is emptied so no copy of their pages stays in the
        -wal file."""
        with self._store.unit_of_work() as uow:
            uow.login_failures.remove(account_key(account.email))
            uow.users.delete(account.id)
            uow.commit()
        self._store.flush_log()

    def patients_of(self, clinician: Account) -> list[dict[str, Any]]:
        with self._store.unit_of_work() as uow:
            patients = uow.users.patients_of(clinician.id)
            for patient in patients:
                uow.audit.add(patient.id, clinician.id, "listed you among their patients")
            uow.commit()
            return [{"id": p.id, "email": p.email} for p in patients]

    def own_patient(self, clinician: Account, patient_id: int, action: str = "opened your record") -> int:
        """The patient's id if they are this clinician's patient; anyone else answers NotFound. The access is
        written to the patient's audit log (`action`, as the patient will read it)."""
        with self._store.unit_of_work() as uow:
            try:
                patient = uow.users.get(patient_id)
            except NotFound:
                patient = None
            if patient is None or patient.clinician_id != clinician.id:
                raise NotFound("no such patient")  # the same answer whether the id exists or not
            uow.audit.add(patient.id, clinician.id, action)
            uow.commit()
            return patient.id


def new_sign_in(uow: UnitOfWork, user_id: int, moment: datetime, lasts: timedelta = ABSOLUTE_TIMEOUT) -> str:
    """A new sign-in session for the account, ending `lasts` from `moment`: its token (only the hash is kept)."""
    token = secrets.token_urlsafe(32)
    uow.auth.add(token_hash(token), user_id, moment + lasts, now=moment)
    return token


def _verify(stored: str | None, password: object) -> bool:
    """Verify against the stored hash, or the dummy hash when there is none: one argon2 verification always."""
    from argon2.exceptions import InvalidHashError, VerificationError

    given = password if isinstance(password, str) and len(password) <= MAX_PASSWORD else ""
    try:
        return bool(_hasher().verify(stored or dummy_hash(), given)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def _email(value: object) -> str:
    if (not isinstance(value, str) or len(value) > MAX_EMAIL or not value.isprintable()
            or not EMAIL.match(value.strip())):
        raise InvalidInput("email", "must be an email address like name@example.org")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput("email", "must be an email address like name@example.org") from None
    return value.strip().lower()


def _password(value: object) -> str:
    if not isinstance(value, str) or not MIN_PASSWORD <= len(value) <= MAX_PASSWORD:
        raise InvalidInput("password", f"must be {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    if len(set(value)) < MIN_DISTINCT_CHARACTERS or value.strip().lower() in common_passwords():
        raise InvalidInput("password", "is too common or too easy to guess: choose another")
    return value



