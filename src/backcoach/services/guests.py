""""Try without an account": a guest account made for a browser on its first session. It has no email or
password of its own (it cannot be signed into with one) and is reached only through its cookie; it can be
claimed later, keeping everything done in it.

Lifetime: a guest's sign-in session ends after GUEST_IDLE_TIMEOUT unused or GUEST_ABSOLUTE_TIMEOUT in all
(services/accounts.py). Without a password nobody can come back to it after that, so a guest account without a
sign-in session is deleted, with all its data, whenever ended sessions are purged (every sign-in and every new
guest).

Claiming (`Guests.claim`, `POST /api/v1/auth/claim`, the account page's "Keep my data" form) takes an email and
a password, as registering does:
- an email without an account: the guest account becomes a normal one with that email and password; its data
  stays where it is;
- an email that has an account: only that account's right password claims; the guest's data then moves into
  that account and the guest account goes. A wrong password answers exactly as a wrong sign-in does (401, the
  same words and cost, counted by the sign-in limits). So a claim tells no more about who has an account than
  registering and then signing in already does, and nobody's data is merged into an account without that
  account's password.
Either way the session token is replaced (a new sign-in) and the claim is written to the account's audit log."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from backcoach.db.uow import UnitOfWork
from backcoach.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated
from backcoach.services.accounts import (
    GUEST_ABSOLUTE_TIMEOUT,
    GUEST_IDLE_TIMEOUT,
    IDLE_TIMEOUT,
    Account,
    _email,
    _hasher,
    _password,
    _verify,
    checked,
    new_sign_in,
)
from backcoach.services.login_limits import LoginLimiter
from backcoach.services.store import Store

GUEST_DOMAIN = "guest.invalid"  # RFC 2606: never a real address
NO_PASSWORD = "!guest"  # not a hash: no password verifies against it
PURGED_AT_ONCE = 100  # unreachable guest accounts deleted per purge (the next purge takes the rest)
WRONG = "the email or the password is wrong"
KEPT = "created your account, keeping what you did without one"
MERGED = "added what you did without an account to this account"


def purge_ended(uow: UnitOfWork, moment: datetime) -> None:
    """Delete the ended sign-in sessions, then the guest accounts that no session reaches any more (with all
    their data), in the caller's unit of work."""
    uow.guests.purge_sessions(moment, moment - IDLE_TIMEOUT, moment - GUEST_IDLE_TIMEOUT)
    for guest_id in uow.guests.unreachable(PURGED_AT_ONCE):
        uow.users.delete(guest_id)


def sign_up_problems(email: object, password: object) -> dict[str, str]:
    """What is wrong with an email and a new password, each named (a form shows them all at once)."""
    problems: dict[str, str] = {}
    for name, check, value in (("email", _email, email), ("password", _password, password)):
        try:
            check(value)
        except InvalidInput as error:
            problems[name] = error.problem
    return problems


class Guests:
    def __init__(self, store: Store, limiter: LoginLimiter | None = None) -> None:
        self._store = store
        self._limiter = limiter or LoginLimiter(store)

    def start(self, now: datetime | None = None) -> tuple[Account, str]:
        """A new guest account, signed in: the account and its session token (only the token's hash is kept)."""
        moment = now or datetime.now(UTC)
        with self._store.unit_of_work() as uow:
            purge_ended(uow, moment)
            user = uow.users.add(f"guest-{secrets.token_hex(8)}@{GUEST_DOMAIN}", "patient", NO_PASSWORD, guest=True)
            token = new_sign_in(uow, user.id, moment, GUEST_ABSOLUTE_TIMEOUT)
            uow.commit()
            return Account(user.id, user.email, user.role, guest=True), token

    def claim(self, guest: Account, body: object, client: str | None = None, now: datetime | None = None
              ) -> tuple[Account, str]:
        """Keep a guest's data under an email and password (`register` of account.schema.json; see the module's
        words): the account it now belongs to, signed in with a new token (the guest's sessions end)."""
        request = checked("register", body)
        address, secret = _email(request["email"]), _password(request["password"])
        if not guest.guest:
            raise Forbidden("you already have an account: there is nothing to claim")
        self._limiter.check(address, client)
        moment = now or datetime.now(UTC)
        with self._store.unit_of_work() as uow:
            owner = uow.users.by_email(address)
            if owner is None:
                account = self._become(uow, guest, address, secret, moment)
            elif owner.guest or not _verify(owner.password_hash, secret):
                self._limiter.failed(address, client, uow)
                uow.commit()
                raise NotAuthenticated(WRONG)
            else:
                if owner.role != "patient":
                    raise Forbidden("a clinician account cannot keep a patient's data: use another email")
                self._limiter.succeeded(address, uow)
                uow.guests.move_everything(guest.id, owner.id)
                uow.users.delete(guest.id)
                uow.audit.add(owner.id, owner.id, MERGED, now=moment)
                account = Account(owner.id, owner.email, owner.role)
            token = new_sign_in(uow, account.id, moment)
            uow.commit()
            return account, token

    def summary(self, user_id: int) -> dict[str, Any]:
        """What an account holds, as its page shows it: the current program, the sessions and the check-ins."""
        with self._store.reading() as uow:
            program = uow.programs.latest_for_user(user_id)
            current = None if program is None else uow.programs.current(program.id)
            sessions = [row.status for row in uow.sessions.for_user(user_id)]
            checkins = len(uow.checkins.list_for_user(user_id))
        named = None if current is None else (current.plan.get("program") or {}).get("name")
        return {"program": None if current is None else {"id": current.program_id, "version": current.version,
                                                          "name": named or "Your routine"},
                "sessions": {"total": len(sessions), "completed": sessions.count("completed")}, "checkins": checkins}

    @staticmethod
    def _become(uow: UnitOfWork, guest: Account, address: str, secret: str, moment: datetime) -> Account:
        """The guest account becomes a normal one (its sessions end: the caller signs it in anew)."""
        try:
            uow.guests.become_account(guest.id, address, _hasher().hash(secret))
        except Conflict:  # registered by someone else this very moment: as if it had been there before
            raise NotAuthenticated(WRONG) from None
        uow.guests.end_sessions(guest.id)
        uow.audit.add(guest.id, guest.id, KEPT, now=moment)
        return Account(guest.id, address, guest.role)
