"""Plans kept at their own address: the intake page's answer is stored and shown at /plans/{id}
(POST-redirect-GET), so it can be reloaded, bookmarked and reopened.

An anonymous plan is opened by whoever holds its address (the id is 128 random bits) and is deleted after
ANONYMOUS_DAYS; a plan made by a signed-in person, or started by a guest, is theirs alone."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from backcoach.errors import NotFound
from backcoach.services.store import Store

ANONYMOUS_DAYS = 30
PLAN_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")  # secrets.token_urlsafe(16)


class SavedPlans:
    def __init__(self, store: Store) -> None:
        self._store = store

    def keep(self, plan: dict[str, Any], user_id: int | None = None, now: datetime | None = None) -> str:
        """Store a plan; returns its id. Anonymous plans older than ANONYMOUS_DAYS go at the same time."""
        moment = now or datetime.now(UTC)
        plan_id = secrets.token_urlsafe(16)
        with self._store.unit_of_work() as uow:
            uow.saved_plans.purge_anonymous(moment - timedelta(days=ANONYMOUS_DAYS))
            uow.saved_plans.add(plan_id, plan, user_id, now=moment)
            uow.commit()
        return plan_id

    def open(self, plan_id: str, viewer: int | None) -> dict[str, Any]:
        """The plan, if it is anonymous or the viewer's own; anything else is NotFound (the same answer as an
        id that does not exist)."""
        if not PLAN_ID.match(plan_id):
            raise NotFound("no such plan")
        with self._store.reading() as uow:
            found = uow.saved_plans.get(plan_id)
            if found is None or (found.user_id is not None and found.user_id != viewer):
                raise NotFound("no such plan")
            return dict(found.plan)

    def program_of(self, plan_id: str, user_id: int) -> int | None:
        """The program this plan was started as by this person, if it was."""
        with self._store.reading() as uow:
            found = uow.saved_plans.get(plan_id)
            if found is None or found.user_id != user_id or found.program_id is None:
                return None
            return found.program_id

    def started(self, plan_id: str, user_id: int, program_id: int) -> None:
        """The plan was started as this program: an anonymous plan becomes the person's (from then on only they
        can open it) and starting it again takes up the same program."""
        with self._store.unit_of_work() as uow:
            uow.saved_plans.started(plan_id, user_id, program_id)
            uow.commit()
