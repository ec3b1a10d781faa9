"""Matching videos by meaning (the `embeddings` extra): the model and the catalogue's vectors, one set per process.

A web worker loads them in the background when it starts (BACKCOACH_SEMANTIC, on by default where the extra is
installed) and again after an import changes the index; until they are ready, searches answer by words alone, so
no request ever waits for the model. The command line's `--semantic` (and the API's `semantic=true`) ask for them
and wait.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from backcoach.errors import InvalidInput

if TYPE_CHECKING:
    from backcoach.catalog.index import SearchIndex
    from backcoach.catalog.search import Keep


def available() -> bool:
    from backcoach.catalog.semantic import available as installed

    return installed()


class Meaning:
    """The vectors of the open index, built once per index generation (missing vectors encoded first)."""

    def __init__(self, folder: str) -> None:
        self._folder = folder
        self._building = threading.Lock()  # one build at a time (held for seconds)
        self._state = threading.Lock()  # guards _loading (held for an instant: a request never waits on a build)
        self._built: Any = None  # the SemanticIndex of the latest generation built
        self._loading: str | None = None  # the generation a background build is working on

    def fusion(self, index: SearchIndex, keep: Keep | None, *, wait: bool) -> Any:
        """The fusion for this index: built now when `wait` (an explicit request), else only if ready (a
        background build is started when it is not, and None is returned: words alone answer meanwhile)."""
        from backcoach.catalog import semantic

        built = self._built
        if built is None or built.generation != index.generation:
            if not wait:
                self.warm_in_background(index)
                return None
            if not available():
                raise InvalidInput("semantic", "matching by meaning needs the embeddings extra: "
                                   "pip install 'backcoach[embeddings]'")
            built = self.build(index)
        return semantic.fusion(built, keep)

    def ready(self, index: SearchIndex) -> bool:
        built = self._built
        return built is not None and built.generation == index.generation

    def build(self, index: SearchIndex) -> Any:
        from backcoach.catalog.semantic import SemanticIndex

        with self._building:
            generation = index.generation
            if self._built is None or self._built.generation != generation:
                self._built = SemanticIndex(index, self._folder)  # the old generation's vectors are dropped
            return self._built

    def warm_in_background(self, index: SearchIndex) -> None:
        """Start building for this index's generation in a daemon thread, unless one is already at it."""
        if not available():
            return
        generation = index.generation
        with self._state:
            if self._loading == generation:
                return
            self._loading = generation
        threading.Thread(target=self._warm, args=(index, generation), name="backcoach-meaning",
                         daemon=True).start()

    def _warm(self, index: SearchIndex, generation: str) -> None:
        try:
            self.build(index)
        except Exception:  # a background thread has no caller to tell: the log says why, words alone answer
            logging.getLogger("backcoach").exception("matching by meaning could not be loaded")
        finally:
            with self._state:
                if self._loading == generation:
                    self._loading = None
