"""What a web worker loads before it serves, so that its first answers are as quick as the rest: the store
(opened, checked and migrated), the knowledge, the contract validators, the sign-in's comparison hash."""

from __future__ import annotations

from backcoach.knowledge.loader import load_knowledge
from backcoach.services.accounts import common_passwords, dummy_hash
from backcoach.services.outcomes import score_checkin
from backcoach.services.planning import validate_answers
from backcoach.services.session_replay import check_event
from backcoach.services.store import Store


def warm_up(store: Store) -> None:
    with store.reading() as uow:
        uow.auth.signed_in("")  # the first query compiles and the pool holds a connection
    load_knowledge()
    check_event({"at": 0, "type": "start"})
    score_checkin({"pain_now": 0})
    validate_answers({}, complete=False)
    common_passwords()
    dummy_hash()
