"""Opening the store from the settings: engine, migrations to head, units of work."""

from __future__ import annotations

from sqlalchemy import Engine

from backcoach.db.engine import checkpoint, make_engine, session_factory
from backcoach.db.migrate import upgrade
from backcoach.db.uow import UnitOfWork

LOCAL_USER_EMAIL = "local@backcoach.invalid"


class Store:
    """The database behind BackCoach; migrated to the latest schema when opened."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)
        if migrate:
            upgrade(self.engine)
        self._factory = session_factory(self.engine)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self._factory)

    def local_user_id(self) -> int:
        """The account of the person using the command line on this machine (made on first use)."""
        with self.unit_of_work() as uow:
            user = uow.users.by_email(LOCAL_USER_EMAIL)
            if user is None:
                user = uow.users.add(LOCAL_USER_EMAIL, "patient", password_hash="!local-account-no-password")
                uow.commit()
            return user.id

    def flush_log(self) -> None:
        """Empty the SQLite write-ahead log into the database file (after an erasure)."""
        checkpoint(self.engine)

    def close(self) -> None:
        self.engine.dispose()
