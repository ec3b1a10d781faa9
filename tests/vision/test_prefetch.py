"""Reading ahead in a thread: same items in the same order, errors raised where they are read, and no more than a
few items read ahead of the reader, even when it stops early."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from backcoach.vision.prefetch import Prefetch


def test_items_come_in_order() -> None:
    with Prefetch(iter(range(1000)), depth=3) as items:
        assert list(items) == list(range(1000))


def test_an_error_in_the_source_is_raised_after_the_items_before_it() -> None:
    def source() -> Iterator[int]:
        yield 1
        yield 2
        raise OSError("the disk went away")

    seen = []
    with Prefetch(source()) as items, pytest.raises(OSError, match="the disk went away"):
        seen.extend(items)
    assert seen == [1, 2]


def test_stopping_early_stops_the_thread_and_reads_only_a_few_ahead() -> None:
    read: list[int] = []
    reader = threading.get_ident()

    def source() -> Iterator[int]:
        for i in range(10_000):
            assert threading.get_ident() != reader  # read in a thread of its own
            read.append(i)
            yield i

    prefetch = Prefetch(source(), depth=4)
    with prefetch as items:
        for item in items:
            if item == 10:
                break
    assert not prefetch._thread.is_alive()
    assert len(read) <= 10 + 1 + 4 + 1  # the items used, the queue's depth and the one being put
