"""The best-matching videos of a weighted query without reading every posting (max-score pruning).

Postings are read best term first (the term's largest possible contribution); once the videos found so far hold
`count` scores above what all the unread terms together could add, no unseen video can enter the best `count`:
the unread terms are only looked up for the videos that still can (binary search in their sorted doc ids).
The result is exact (the same best videos, with the same scores, as reading everything) in catalogues below
BOUNDED_FROM videos; above, see `best` for what is bounded.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

BOUNDED_FROM = 5000  # videos: below this, every posting that can matter is read
POOL = 4  # contenders scored in full, per video wanted
LOOKUP_COST = 24  # one binary search costs about as much as reading this many postings in order


@dataclass
class Posting:
    term: str
    scale: float  # the query's weight of the term
    top: float  # the largest contribution of the term to any video
    docs: array[int]  # sorted doc ids
    weights: array[float]

    @property
    def bound(self) -> float:
        return self.scale * self.top

    def score(self, doc: int) -> float:
        at = bisect_left(self.docs, doc)
        return self.scale * self.weights[at] if at < len(self.docs) and self.docs[at] == doc else 0.0

    def add_to(self, scores: dict[int, float], only: set[int] | None = None) -> None:
        get, scale = scores.get, self.scale
        if only is None:
            for doc, weight in zip(self.docs, self.weights, strict=True):
                scores[doc] = get(doc, 0.0) + scale * weight
            return
        if len(only) * LOOKUP_COST < len(self.docs):
            for doc in only:
                scores[doc] = get(doc, 0.0) + self.score(doc)
            return
        for doc, weight in zip(self.docs, self.weights, strict=True):
            if doc in only:
                scores[doc] = get(doc, 0.0) + scale * weight


@dataclass
class TopScores:
    scores: dict[int, float]  # exact scores of every video that may be among the best (and more)
    unread: list[Posting] = field(default_factory=list)
    partial: dict[int, float] = field(default_factory=dict)  # the scores from the postings read in full

    @property
    def top(self) -> float:
        return max(self.scores.values(), default=0.0)

    def score(self, doc: int) -> float:
        """The exact score of any video."""
        if doc in self.scores:
            return self.scores[doc]
        return self.partial.get(doc, 0.0) + sum(posting.score(doc) for posting in self.unread)


def best(postings: list[Posting], count: int, videos: int) -> TopScores:
    """The best `count` videos of `videos` for these postings, with their exact scores.

    Exact up to BOUNDED_FROM videos. In larger catalogues the work is bounded: a word in more than half the
    videos (an idf near zero: "pain", "back") is looked up for the contenders, not read, when the query has other
    words; and only the POOL x count best contenders by what was read are scored in full."""
    ordered = sorted(postings, key=lambda p: (-p.bound, p.term))
    bounded = videos >= BOUNDED_FROM
    common = [p for p in ordered if bounded and len(p.docs) * 2 > videos]
    rare = [p for p in ordered if p not in common] if len(common) < len(ordered) else ordered
    common = [p for p in ordered if p not in rare]
    partial: dict[int, float] = {}
    unread_bound = sum(p.bound for p in rare)
    threshold, read = 0.0, 0
    for posting in rare:
        if len(partial) >= count:
            threshold = heapq.nlargest(count, partial.values())[-1]
            if unread_bound < threshold * (1 - 1e-9):
                break
        posting.add_to(partial)
        unread_bound -= posting.bound
        read += 1
    unread = rare[read:] + common
    if not unread:
        return TopScores(partial, [], partial)
    unread_bound += sum(p.bound for p in common)
    contenders = [doc for doc, score in partial.items() if score + unread_bound >= threshold * (1 - 1e-9)]
    if bounded and len(contenders) > POOL * count:
        contenders = heapq.nlargest(POOL * count, contenders, key=lambda doc: (partial[doc], -doc))
    scores = {doc: partial[doc] for doc in contenders}
    chosen = set(contenders)
    for posting in unread:
        posting.add_to(scores, chosen)
    return TopScores(scores, unread, partial)
