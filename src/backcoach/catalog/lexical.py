"""The best-matching videos of a weighted query without reading every posting (max-score pruning).

Postings are read best term first (the term's largest possible contribution); once the videos found so far hold
`count` scores above what all the unread terms together could add, no unseen video can enter the best `count`:
the unread terms are only looked up for the videos that still can (binary search in their sorted doc ids).
The result is exact (the same best videos, with the same scores, as reading everything) in catalogues below
BOUNDED_FROM videos; above, each word's best CHAMPIONS videos are read (see `best`).
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

BOUNDED_FROM = 5000  # videos: below this, every posting that can matter is read
CHAMPIONS = 2000  # videos read of a longer posting, in a larger catalogue
READ_BUDGET = 40_000  # postings read whole per search (the words that can add most first), in a larger one
POOL = 4  # contenders scored in full, per video wanted
LOOKUP_COST = 24  # one binary search costs about as much as reading this many postings in order


@dataclass
class Posting:
    term: str
    scale: float  # the query's weight of the term
    top: float  # the largest contribution of the term to any video
    docs: array[int]  # sorted doc ids
    weights: array[float]
    champions: Posting | None = None  # a long posting's CHAMPIONS best videos (by weight), sorted by doc

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

    Exact up to BOUNDED_FROM videos (max-score pruning). In larger catalogues the work is bounded: the words
    that can add most are read whole up to READ_BUDGET postings; of the others used by more than CHAMPIONS
    videos only their CHAMPIONS best are read ("pain", in 94,000 of 100,000 videos, is read 2,000 times, not
    94,000); the POOL x count best videos so found are scored in full."""
    if videos < BOUNDED_FROM or all(p.champions is None for p in postings):
        return _exact(postings, count)
    complete: dict[int, float] = {}  # from the postings read whole
    found: dict[int, float] = {}  # the same, plus what the champions of the others add
    truncated, budget = [], READ_BUDGET
    for posting in sorted(postings, key=lambda p: (-p.bound, p.term)):  # the words that can add most first
        if posting.champions is None or len(posting.docs) <= budget:
            posting.add_to(complete)
            budget -= len(posting.docs)
        else:
            truncated.append(posting)
    found.update(complete)
    for posting in truncated:
        assert posting.champions is not None
        posting.champions.add_to(found)
    contenders = heapq.nlargest(POOL * count, found, key=found.__getitem__)
    scores = {doc: complete.get(doc, 0.0) for doc in contenders}
    chosen = set(contenders)
    for posting in truncated:
        posting.add_to(scores, chosen)
    return TopScores(scores, truncated, complete)


def _exact(postings: list[Posting], count: int) -> TopScores:
    ordered = sorted(postings, key=lambda p: (-p.bound, p.term))
    partial: dict[int, float] = {}
    unread_bound = sum(p.bound for p in ordered)
    threshold, read, read_bound = 0.0, 0, 0.0
    for posting in ordered:
        if len(partial) >= count and unread_bound < read_bound:  # else no score read so far can beat it
            threshold = heapq.nlargest(count, partial.values())[-1]
            if unread_bound < threshold * (1 - 1e-9):
                break
        posting.add_to(partial)
        unread_bound -= posting.bound
        read_bound += posting.bound
        read += 1
    unread = ordered[read:]
    if not unread:
        return TopScores(partial, [], partial)
    contenders = {doc for doc, score in partial.items() if score + unread_bound >= threshold * (1 - 1e-9)}
    scores = {doc: partial[doc] for doc in contenders}
    for posting in unread:
        posting.add_to(scores, contenders)
    return TopScores(scores, unread, partial)
