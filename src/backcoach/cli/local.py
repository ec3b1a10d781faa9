"""The command line's person: the local account in the configured store, and their services."""

from __future__ import annotations

from dataclasses import dataclass

from backcoach.services.care import CareService
from backcoach.services.movement import MovementTests
from backcoach.services.programs import ProgramService
from backcoach.services.sessions import SessionService
from backcoach.services.store import Store, store_from_settings
from backcoach.settings import Settings


@dataclass
class Local:
    settings: Settings
    store: Store
    programs: ProgramService
    sessions: SessionService
    care: CareService
    movement_tests: MovementTests


def local() -> Local:
    settings = Settings.from_env()
    store = store_from_settings(settings)
    user_id = store.local_user_id()
    return Local(settings, store, ProgramService(store, user_id), SessionService(store, user_id),
                 CareService(store, user_id), MovementTests(store, user_id))
