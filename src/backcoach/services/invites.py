"""Clinicians' invite codes: a clinician makes a short code and gives it to a patient, who enters it to share
their record with that clinician (users.clinician_id); the patient can stop sharing at any time.

A code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V pairs), shown as `K7M2-Q9XR`:
29^8, about 5 * 10^11 codes. Only its SHA-256 is stored; it works once and for LIFETIME; a clinician has at
most MAX_OPEN unused ones at a time. An unknown, used or expired code all answer the same NotFound, and failed
attempts are limited as failed sign-ins are (per account and per client address, in budgets of their own), so
guessing a code is hopeless: at most 5 tries per account and 50 per address in 15 minutes against at most
MAX_OPEN live codes per clinician."""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from backcoach.errors import Forbidden, InvalidInput, NotFound, TooManyRequests
from backcoach.services.accounts import Account
from backcoach.services.login_limits import LoginLimiter
from backcoach.services.store import Store

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # no 0 O 1 I L U V: nothing to mistake when read or typed
CODE_LENGTH = 8
LIFETIME = timedelta(days=7)
MAX_OPEN = 20
MAX_CODE_CHARACTERS = 20  # what a person may type: the code with spaces and dashes
NOT_VALID = "that code is not valid or has expired: ask your clinician for a new one"
ACCEPTED = "became your clinician: you entered their invite code"
STOPPED = "no longer sees your record: you stopped sharing it"


def new_code() -> str:
    letters = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{letters[:4]}-{letters[4:]}"


def normal_code(value: object) -> str:
    """The code as stored (upper case, without spaces or dashes); InvalidInput naming `code` if it cannot be
    one (that says nothing about which codes exist)."""
    if not isinstance(value, str) or len(value) > MAX_CODE_CHARACTERS:
        raise InvalidInput("code", "must be the code your clinician gave you, like K7M2-Q9XR")
    letters = "".join(value.split()).replace("-", "").upper()
    if len(letters) != CODE_LENGTH or any(letter not in ALPHABET for letter in letters):
        raise InvalidInput("code", "must be the code your clinician gave you, like K7M2-Q9XR (8 letters and digits)")
    return letters


def code_hash(code: str) -> str:
    return hashlib.sha256(normal_code(code).encode()).hexdigest()


def _code_of(body: object) -> str:
    if not isinstance(body, dict):
        raise InvalidInput("body", "must be a JSON object")
    for name in body:
        if name != "code":
            raise InvalidInput(str(name), "is not a field of this request")
    if "code" not in body:
        raise InvalidInput("code", "is required")
    return normal_code(body["code"])


class Invites:
    def __init__(self, store: Store, limiter: LoginLimiter | None = None) -> None:
        self._store = store
        self._limiter = limiter or LoginLimiter(store)

    def create(self, clinician: Account, now: datetime | None = None) -> dict[str, Any]:
        """A new code for this clinician: `{code, expires_at}` (the code is shown this once; only its hash is
        kept). TooManyRequests while MAX_OPEN of theirs are unused, until the soonest expires."""
        if clinician.role != "clinician":
            raise Forbidden("only clinician accounts can make invite codes")
        moment = now or datetime.now(UTC)
        with self._store.unit_of_work() as uow:
            uow.invites.purge_expired(clinician.id, moment)
            open_codes = uow.invites.open_expiries(clinician.id, moment)
            if len(open_codes) >= MAX_OPEN:
                wait = math.ceil((open_codes[0] - moment).total_seconds())
                raise TooManyRequests(f"you have {MAX_OPEN} codes nobody has used yet: wait until one is used or "
                                      "expires", retry_after=max(wait, 1))
            code = new_code()
            while uow.invites.exists(code_hash(code)):  # one in 10^11: never in practice, but never twice
                code = new_code()
            expires_at = moment + LIFETIME
            uow.invites.add(code_hash(code), clinician.id, moment, expires_at)
            uow.commit()
        return {"code": code, "expires_at": expires_at.isoformat()}

    def accept(self, patient: Account, body: object, client: str | None = None, now: datetime | None = None
               ) -> dict[str, Any]:
        """Share the patient's record with the clinician whose code this is (`{code}`); the code is used up.
        A previous clinician stops seeing the record. Written to the patient's audit log."""
        _may_share(patient)
        digest = hashlib.sha256(_code_of(body).encode()).hexdigest()
        account, address = f"invite:{patient.email}", f"invite:{client}" if client else None
        try:
            self._limiter.check(account, address)
        except TooManyRequests as error:
            raise TooManyRequests("too many codes that did not work: try again later", error.retry_after) from None
        moment = now or datetime.now(UTC)
        with self._store.unit_of_work() as uow:
            found = uow.invites.usable(digest, moment)
            if found is None or not uow.invites.accept(found.id, patient.id, moment):
                self._limiter.failed(account, address, uow)
                uow.commit()
                raise NotFound(NOT_VALID)
            previous = uow.invites.clinician_of(patient.id)
            if previous is not None and previous.id != found.clinician_id:
                uow.audit.add(patient.id, previous.id, STOPPED, now=moment)
            uow.invites.link(patient.id, found.clinician_id)
            uow.audit.add(patient.id, found.clinician_id, ACCEPTED, now=moment)
            self._limiter.succeeded(account, uow)
            uow.commit()
        return self.clinician_of(patient)

    def clinician_of(self, patient: Account) -> dict[str, Any]:
        """`{clinician: {email} | null}`: who sees this person's record."""
        with self._store.reading() as uow:
            found = uow.invites.clinician_of(patient.id)
            return {"clinician": None if found is None else {"email": found.email}}

    def stop_sharing(self, patient: Account, now: datetime | None = None) -> None:
        """The patient's clinician no longer sees their record (nothing happens when there is none)."""
        with self._store.unit_of_work() as uow:
            previous = uow.invites.clinician_of(patient.id)
            if previous is None:
                return
            uow.invites.link(patient.id, None)
            uow.audit.add(patient.id, previous.id, STOPPED, now=now)
            uow.commit()


def _may_share(patient: Account) -> None:
    if patient.guest:
        raise Forbidden("create an account first (on your account page), then enter your clinician's code")
    if patient.role != "patient":
        raise Forbidden("only a patient account can share its record with a clinician")
