"""Unit of work: one SQLAlchemy session and the repositories over it; one commit point per request."""

from __future__ import annotations

import threading
from types import TracebackType

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from backcoach.db.audit import AuditRepository
from backcoach.db.care import CareHoldRepository, MovementTestRepository
from backcoach.db.engine import SQLITE_BUSY_TIMEOUT_MS
from backcoach.db.faults import busy, is_storage_fault, translate
from backcoach.db.guests import GuestRepository
from backcoach.db.invites import InviteRepository
from backcoach.db.login_failures import LoginFailureRepository
from backcoach.db.repositories import (
    AuthSessionRepository,
    CheckinRepository,
    EventRepository,
    ProgramRepository,
    SessionRepository,
    UserRepository,
    VideoRepository,
)
from backcoach.db.saved_plans import SavedPlanRepository
from backcoach.db.session_log import SessionLog


class UnitOfWork:
    def __init__(self, factory: sessionmaker[Session], where: str = "database",
                 writers: threading.RLock | None = None, *, reading: bool = False) -> None:
        self._factory = factory
        self._reading = reading
        self._where = where
        self._writers = writers  # SQLite: this process's writers take turns here (see Store)

    def __enter__(self) -> UnitOfWork:
        if self._writers is not None and not self._writers.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise busy(self._where)
        try:
            self._open()
        except BaseException:
            self._release()
            raise
        return self

    def _open(self) -> None:
        self.session = self._factory()
        self.users = UserRepository(self.session)
        self.programs = ProgramRepository(self.session)
        self.sessions = SessionRepository(self.session)
        self.events = EventRepository(self.session)
        self.session_log = SessionLog(self.session)
        self.checkins = CheckinRepository(self.session)
        self.videos = VideoRepository(self.session)
        self.auth = AuthSessionRepository(self.session)
        self.holds = CareHoldRepository(self.session)
        self.movement_tests = MovementTestRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.login_failures = LoginFailureRepository(self.session)
        self.saved_plans = SavedPlanRepository(self.session)
        self.guests, self.invites = GuestRepository(self.session), InviteRepository(self.session)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            self.session.close()  # rolls back whatever was not committed; loaded objects stay readable
        finally:
            self._release()
        if isinstance(error, DBAPIError) and is_storage_fault(error):
            raise translate(error, self._where) from error  # a full or read-only disk, a busy database
        if isinstance(error, PoolTimeout):
            raise busy(self._where) from error

    def _release(self) -> None:
        if self._writers is not None:
            self._writers.release()

    def commit(self) -> None:
        if self._reading:
            raise RuntimeError("a reading unit of work does not write: use Store.unit_of_work()")
        self.session.commit()
