"""The composition root: the application is built once here (settings, store, video catalogue) and handed
to the command line and to the web app, which close it when they are done. Services receive what they use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from backcoach.services.videos import VideoCatalogue
from backcoach.settings import Settings

if TYPE_CHECKING:  # imported when first used, so that a command needing none of them starts fast
    from backcoach.services.accounts import AccountService
    from backcoach.services.care import CareService
    from backcoach.services.guests import Guests
    from backcoach.services.invites import Invites
    from backcoach.services.movement import MovementTests
    from backcoach.services.programs import ProgramService
    from backcoach.services.saved_plans import SavedPlans
    from backcoach.services.session_events import SessionEvents
    from backcoach.services.sessions import SessionService
    from backcoach.services.store import Store


@dataclass(frozen=True)
class Person:
    """One person's use cases over the application's store."""

    user_id: int
    programs: ProgramService
    sessions: SessionService
    events: SessionEvents
    care: CareService
    movement_tests: MovementTests


class Application:
    """Settings, the store (opened and migrated on first use: a video search reads only its index file) and
    the video catalogue."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self.videos = VideoCatalogue(lambda: self.store, settings.data_dir, meaning_by_default=settings.semantic)

    @property
    def store(self) -> Store:
        if self._store is None:
            from backcoach.services.store import Store

            self._store = Store(self.settings.effective_database_url)
        return self._store

    def person(self, user_id: int) -> Person:
        from backcoach.services.care import CareService
        from backcoach.services.movement import MovementTests
        from backcoach.services.programs import ProgramService
        from backcoach.services.session_events import SessionEvents
        from backcoach.services.sessions import SessionService

        store = self.store
        return Person(user_id, ProgramService(store, user_id), SessionService(store, user_id),
                      SessionEvents(store, user_id), CareService(store, user_id), MovementTests(store, user_id))

    def warm_up(self) -> None:
        """Open the store and load what the first requests would otherwise wait for (a web worker, at start):
        the search index is read into memory and a first search compiles what searching uses."""
        from backcoach.services.warm import warm_up

        warm_up(self.store)
        self.videos.search("back pain", 1)

    def local_person(self) -> Person:
        """The person using the command line on this machine (their account is made on first use)."""
        return self.person(self.store.local_user_id())

    def accounts(self) -> AccountService:
        from backcoach.services.accounts import AccountService
        from backcoach.services.login_limits import LoginLimiter

        return AccountService(self.store, LoginLimiter(self.store))  # counted in the store: shared by workers

    def guests(self) -> Guests:
        from backcoach.services.guests import Guests

        return Guests(self.store)

    def invites(self) -> Invites:
        from backcoach.services.invites import Invites

        return Invites(self.store)

    def saved_plans(self) -> SavedPlans:
        from backcoach.services.saved_plans import SavedPlans

        return SavedPlans(self.store)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def bootstrap(settings: Settings | None = None) -> Application:
    """Build the application from the settings (the environment's when none are given); the store is
    opened, and migrated to the latest schema, when it is first used."""
    return Application(settings or Settings.from_env())
