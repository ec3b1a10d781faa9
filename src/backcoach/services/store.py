"""Opening the store from the settings: engine, migrations to head, units of work."""

from __future__ import annotations

import threading

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from backcoach.db.engine import checkpoint, make_engine, reading_engine, session_factory
from backcoach.db.faults import check_integrity, translate
from backcoach.db.migrate import upgrade
from backcoach.db.uow import UnitOfWork

LOCAL_USER_EMAIL = "local@backcoach.invalid"


def where(url: str) -> str:
    """The database as a person can find it: the SQLite file, or the server URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"at {parsed.database}" if parsed.database else "in memory"
    return f"at {parsed.render_as_string(hide_password=True)}"


class Store:
    """The database behind BackCoach; migrated to the latest schema when opened."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.where = where(url)
        self.engine: Engine = make_engine(url)
        check_integrity(self.engine, self.where)  # a damaged file is refused, never reset
        if migrate:
            try:
                upgrade(self.engine)
            except DBAPIError as error:
                raise translate(error, self.where) from None
        self._factory = session_factory(self.engine)
        self._reading_factory = session_factory(reading_engine(self.engine))
        # SQLite has one writer at a time: this process's writers queue here, each woken as soon as the one
        # before it ends, rather than on SQLite's busy handler, which sleeps up to 100 ms between retries.
        self._writers = threading.RLock() if self.engine.dialect.name == "sqlite" else None

    def unit_of_work(self) -> UnitOfWork:
        """A unit of work that may write (SQLite: it holds the write lock from its start)."""
        return UnitOfWork(self._factory, self.where, self._writers)

    def reading(self) -> UnitOfWork:
        """A unit of work that only reads: it never waits for a writer (SQLite in WAL mode), and never commits."""
        return UnitOfWork(self._reading_factory, self.where, reading=True)

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
