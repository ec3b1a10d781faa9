"""A web worker loads what its first requests need before it serves."""

from __future__ import annotations

from typing import Any

from backcoach.services.accounts import common_passwords, dummy_hash
from backcoach.services.warm import warm_up


def test_warming_up_fills_what_the_first_requests_would_wait_for(store: Any) -> None:
    for cached in (common_passwords, dummy_hash):
        cached.cache_clear()
    store.engine.dispose()
    warm_up(store)
    assert all(cached.cache_info().currsize == 1 for cached in (common_passwords, dummy_hash))
    assert store.engine.pool.checkedin() >= 1, "a connection is open and waiting in the pool"


def test_a_worker_reads_the_search_index_before_it_serves(tmp_path: Any) -> None:
    from backcoach.bootstrap import bootstrap
    from backcoach.services import videos
    from backcoach.settings import Settings

    application = bootstrap(Settings(data_dir=tmp_path, database_url=None, host="127.0.0.1", port=8000))
    try:
        application.videos.ensure_sample()
        videos._OPEN.clear()
        application.warm_up()
        assert list(videos._OPEN) == [application.videos.index_path], "the index is open before the first search"
    finally:
        application.close()
