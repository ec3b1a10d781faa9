"""Accounts: register, sign in and out (cookie tokens stored hashed), export everything, erase everything."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from backcoach.errors import InvalidInput, NotAuthenticated, NotFound
from backcoach.services.store import Store

ROLES = ("patient", "clinician")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8
SESSION_DAYS = 14


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    role: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "email": self.email, "role": self.role}


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def create(self, email: object, password: object, role: str = "patient", clinician_email: str | None = None
               ) -> Account:
        """A new account; the email is its name (case does not matter)."""
        address, secret = _email(email), _password(password)
        if role not in ROLES:
            raise InvalidInput("role", f"must be one of: {', '.join(ROLES)}")
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

    def sign_in(self, email: object, password: object, now: datetime | None = None) -> tuple[Account, str]:
        """Check the password; returns the account and a new session token (only its hash is stored)."""
        from argon2.exceptions import VerificationError

        address = _email(email)
        with self._store.unit_of_work() as uow:
            user = uow.users.by_email(address)
            try:
                if user is None or not isinstance(password, str):
                    raise VerificationError
                _hasher().verify(user.password_hash, password)
            except VerificationError:
                raise NotAuthenticated("the email or the password is wrong") from None
            token = secrets.token_urlsafe(32)
            uow.auth.add(token_hash(token), user.id, (now or datetime.now(UTC)) + timedelta(days=SESSION_DAYS))
            uow.commit()
            return Account(user.id, user.email, user.role), token

    def sign_out(self, token: str) -> None:
        with self._store.unit_of_work() as uow:
            uow.auth.remove(token_hash(token))
            uow.commit()

    def account_for(self, token: str | None, now: datetime | None = None) -> Account:
        if not token:
            raise NotAuthenticated("sign in first")
        with self._store.unit_of_work() as uow:
            user = uow.auth.user_for(token_hash(token), now or datetime.now(UTC))
            if user is None:
                raise NotAuthenticated("your session has ended: sign in again")
            return Account(user.id, user.email, user.role)

    def export(self, account: Account) -> dict[str, Any]:
        """Everything stored about this person, as one JSON document."""
        with self._store.unit_of_work() as uow:
            programs = []
            for program in uow.programs.all_for_user(account.id):
                programs.append({"id": program.id, "versions": [
                    {"version": v.version, "reason": v.reason, "created_at": v.created_at.isoformat(), "plan": v.plan}
                    for v in uow.programs.versions(program.id)]})
            sessions = [{"id": s.id, "program_id": s.program_id, "program_version": s.program_version,
                         "status": s.status, "created_at": s.created_at.isoformat(),
                         "events": [row.body for row in uow.events.list(s.id)]}
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
        return {"account": account.to_dict(), "programs": programs, "sessions": sessions, "checkins": checkins,
                "safety_stops": stops, "movement_tests": tests}

    def erase(self, account: Account) -> None:
        with self._store.unit_of_work() as uow:
            uow.users.delete(account.id)
            uow.commit()

    def patients_of(self, clinician: Account) -> list[dict[str, Any]]:
        with self._store.unit_of_work() as uow:
            return [{"id": p.id, "email": p.email} for p in uow.users.patients_of(clinician.id)]

    def own_patient(self, clinician: Account, patient_id: int) -> int:
        """The patient's id if they are this clinician's patient; anyone else answers NotFound."""
        with self._store.unit_of_work() as uow:
            patient = uow.users.get(patient_id)
            if patient.clinician_id != clinician.id:
                raise NotFound("no such patient")
            return patient.id


def _email(value: object) -> str:
    if not isinstance(value, str) or not EMAIL.match(value.strip()):
        raise InvalidInput("email", "must be an email address like name@example.org")
    return value.strip().lower()


def _password(value: object) -> str:
    if not isinstance(value, str) or len(value) < MIN_PASSWORD:
        raise InvalidInput("password", f"must be at least {MIN_PASSWORD} characters")
    return value



