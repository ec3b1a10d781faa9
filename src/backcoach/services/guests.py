""""Try without an account": a guest account made for a browser on its first session. It has no email or
password of its own (it cannot be signed into with one) and is reached only through its cookie; it can be
claimed by an account later."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from backcoach.services.accounts import ABSOLUTE_TIMEOUT, Account, token_hash
from backcoach.services.store import Store

GUEST_DOMAIN = "guest.invalid"  # RFC 2606: never a real address
NO_PASSWORD = "!guest"  # not a hash: no password verifies against it


class Guests:
    def __init__(self, store: Store) -> None:
        self._store = store

    def start(self, now: datetime | None = None) -> tuple[Account, str]:
        """A new guest account, signed in: the account and its session token (only the token's hash is kept)."""
        moment = now or datetime.now(UTC)
        token = secrets.token_urlsafe(32)
        with self._store.unit_of_work() as uow:
            user = uow.users.add(f"guest-{secrets.token_hex(8)}@{GUEST_DOMAIN}", "patient", NO_PASSWORD, guest=True)
            uow.auth.add(token_hash(token), user.id, moment + ABSOLUTE_TIMEOUT, now=moment)
            uow.commit()
            return Account(user.id, user.email, user.role, guest=True), token
