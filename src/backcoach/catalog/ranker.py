"""Ranking videos for an understood query: weighted-field BM25 (with synonyms) plus concept agreement
(body part, condition, exercise, position, audience, kind, length), each part kept for the "why"."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from backcoach.catalog.index import Facts, SearchIndex
from backcoach.catalog.query import Query
from backcoach.catalog.vocabulary import vocabulary

LEXICAL_WEIGHT = 6.0
LEXICAL_CANDIDATES = 400
RELATED_CONDITIONS = {"sciatica": {"disc", "piriformis"}, "disc": {"sciatica"}, "stenosis": {"arthritis"},
                      "arthritis": {"stenosis"}, "morning_stiffness": {"arthritis"}}
OFF_TOPIC_KINDS = ("product_review", "qa")
REQUESTABLE_KINDS = frozenset({"product_review", "qa", "follow_along", "strengthening", "massage", "education"})
NON_FLOOR = frozenset({"bed", "chair", "standing"})


@dataclass
class Ranked:
    doc: int
    score: float
    parts: dict[str, float]
    reasons: list[str] = field(default_factory=list)
    chapter: int | None = None


def rank(index: SearchIndex, query: Query, keep: Callable[[Facts], bool] | None = None) -> list[Ranked]:
    """Matching videos, best first (deterministic: ties broken by views, then id).

    Every video sharing a word with the query is scored lexically; the full concept scoring is given to the
    best of those plus every video tagged with an exercise or condition the query names."""
    lexical = index.lexical(query.terms)
    top = max(lexical.values(), default=0.0) or 1.0
    candidates = set(heapq.nlargest(LEXICAL_CANDIDATES, lexical, key=lexical.__getitem__))
    for concept, facet in query.concepts.items():
        if facet in ("exercise", "condition"):
            candidates.update(index.concept_postings.get(concept, ()))
    ranked = []
    for doc in sorted(candidates):
        facts = index.facts[doc]
        if keep is not None and not keep(facts):
            continue
        concept_score, reasons = concept_agreement(facts, query)
        lexical_part = LEXICAL_WEIGHT * lexical.get(doc, 0.0) / top
        score = lexical_part + concept_score + 0.01 * math.log10(1 + facts.views)
        if score <= 0:
            continue  # worse than no match: another body part, a product review nobody asked for...
        ranked.append(Ranked(doc, score, {"lexical": round(lexical_part, 4), "concepts": round(concept_score, 4)},
                             reasons))
    ranked.sort(key=lambda r: (-r.score, index.facts[r.doc].video_id))
    return ranked


def concept_agreement(tags: Facts, query: Query) -> tuple[float, list[str]]:
    """How well a video's tags fit the query's concepts; reasons name what matched."""
    reasons: list[str] = []
    score = (_body(tags, query, reasons) + _conditions(tags, query, reasons) + _exercises(tags, query, reasons)
             + _positions(tags, query, reasons) + _audience(tags, query, reasons) + _kinds(tags, query, reasons)
             + _length(tags, query, reasons))
    return score, reasons


def _body(tags: Facts, query: Query, reasons: list[str]) -> float:
    named = query.facet("body_part")
    body, implied = (named, False) if named else (["low_back"], True)  # BackCoach is about the back
    score = 0.0
    for part in body:
        if part in tags.body_parts:
            score += 0.5 if implied else 1.0
            reasons.append(vocabulary().concepts[part].label)
        elif tags.body_parts:
            score -= 1.0 if implied else 1.5
    return score


def _conditions(tags: Facts, query: Query, reasons: list[str]) -> float:
    score = 0.0
    for condition in query.facet("condition"):
        if condition in tags.conditions:
            score += 1.2 * min(1.0, 0.4 + tags.weight(condition) / 5)
            reasons.append(vocabulary().concepts[condition].label)
        elif RELATED_CONDITIONS.get(condition, set()) & tags.conditions:
            score += 0.4
    return score


def _exercises(tags: Facts, query: Query, reasons: list[str]) -> float:
    matched = [e for e in query.facet("exercise") if e in tags.exercises]
    reasons.extend(vocabulary().concepts[e].label for e in matched)
    return 1.5 * len(matched)


def _audience(tags: Facts, query: Query, reasons: list[str]) -> float:
    matched = [a for a in query.facet("audience") if a in tags.audience]
    reasons.extend(f"for {vocabulary().concepts[a].label}" for a in matched)
    return 0.6 * len(matched)


def _positions(tags: Facts, query: Query, reasons: list[str]) -> float:
    score = 0.0
    places = tags.positions
    for position in query.facet("position"):
        if position in places:
            score += 0.8 if tags.positions_said else 0.3
            reasons.append(vocabulary().concepts[position].label)
        elif position in NON_FLOOR and places and places <= {"floor"}:
            score -= 0.6
    if query.no_floor:
        if places and places <= {"floor"}:
            score -= 2.0
        elif places & NON_FLOOR:
            score += 0.5
            reasons.append("no floor work needed")
    return score


def _kinds(tags: Facts, query: Query, reasons: list[str]) -> float:
    score = 0.0
    wanted = set(query.facet("kind")) & REQUESTABLE_KINDS
    for kind in wanted:
        if kind in tags.kinds:
            score += 0.8
            reasons.append(vocabulary().concepts[kind].label)
    for kind in OFF_TOPIC_KINDS:
        if kind in tags.kinds and kind not in wanted:
            score -= 2.0
    return score


def _length(tags: Facts, query: Query, reasons: list[str]) -> float:
    duration = tags.duration
    if query.max_minutes is None or duration is None:
        return 0.0
    limit = query.max_minutes * 60
    if duration <= limit * 1.5:
        reasons.append(f"{max(1, round(duration / 60))} min")
        return 1.0
    if duration <= limit * 2.5:
        return 0.3
    return -1.0 if tags.has_chapters else -1.5  # asked for 5 minutes, this takes half an hour
