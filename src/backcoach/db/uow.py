"""Unit of work: one SQLAlchemy session and the repositories over it; one commit point per request."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from backcoach.db.audit import AuditRepository
from backcoach.db.care import CareHoldRepository, MovementTestRepository
from backcoach.db.faults import is_storage_fault, translate
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
from backcoach.db.session_log import SessionLog


class UnitOfWork:
    def __init__(self, factory: sessionmaker[Session], where: str = "database") -> None:
        self._factory = factory
        self._where = where

    def __enter__(self) -> UnitOfWork:
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
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.session.close()  # rolls back whatever was not committed; loaded objects stay readable
        if isinstance(error, DBAPIError) and is_storage_fault(error):
            raise translate(error, self._where) from error  # a full or read-only disk, said plainly

    def commit(self) -> None:
        self.session.commit()
