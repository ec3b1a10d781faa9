"""Reading ahead: an iterator run in a thread of its own, a few items ahead of the one using them.

Decoding a video frame (FFmpeg) and converting its colours (OpenCV) release the GIL, as MediaPipe does while it
finds the pose, so the next frames are ready while the current one is judged, and ``analyze`` runs at MediaPipe's
own speed rather than at the sum of the three. At most ``depth`` items wait, so memory stays bounded.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")
DEPTH = 4
_END = object()


class Prefetch(Generic[T]):
    """Iterate over ``source`` in a background thread; use in a ``with`` block (leaving it early stops the thread
    and waits for it, so the source is never used after). An error in the source is raised here, in order."""

    def __init__(self, source: Iterator[T], depth: int = DEPTH) -> None:
        self._source = source
        self._items: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="backcoach-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for item in self._source:
                self._items.put(item)
                if self._stop.is_set():
                    return
        except BaseException as error:  # handed to the reader, which raises it
            self._error = error
        finally:
            self._items.put(_END)

    def __iter__(self) -> Iterator[T]:
        while True:
            item = self._items.get()
            if item is _END:
                if self._error is not None:
                    raise self._error
                return
            yield item  # type: ignore[misc]

    def close(self) -> None:
        """Stop reading ahead and wait for the thread: the queue is emptied until it has ended."""
        self._stop.set()
        while self._thread.is_alive():
            try:
                while True:
                    self._items.get_nowait()
            except queue.Empty:
                pass
            self._thread.join(timeout=0.05)

    def __enter__(self) -> Prefetch[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
