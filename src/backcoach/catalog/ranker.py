"""Ranking videos for an understood query: weighted-field BM25 (with synonyms) leads, concept agreement
(body part, condition, exercise, position, audience, kind, topic, length) re-ranks, each part kept for the "why".

The words typed are the first evidence: what concepts add is scaled down (FIT_SCALE) so a guess never buries a
strong match of the query's own words; what contradicts the query (another body part, a review nobody asked
for, half an hour when five minutes were asked) keeps its full weight."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from backcoach.catalog.index import Facts, SearchIndex
from backcoach.catalog.query import Query
from backcoach.catalog.vocabulary import vocabulary

LEXICAL_WEIGHT = 2.0
FIT_SCALE = 0.75  # concept agreement re-ranks; lexical relevance leads
CHAPTER_WEIGHT = 0.5
LEXICAL_GUARD = 1.0  # how much a strong match of the words typed softens a doubt from the tags
LEXICAL_CANDIDATES = 400
RELATED_CONDITIONS = {"sciatica": {"disc", "piriformis"}, "disc": {"sciatica"}, "stenosis": {"arthritis"},
                      "arthritis": {"stenosis"}, "morning_stiffness": {"arthritis"}}
OFF_TOPIC_KINDS = ("product_review", "qa")
REQUESTABLE_KINDS = frozenset({"product_review", "qa", "follow_along", "strengthening", "massage", "education",
                               "red_flags", "avoid"})
QUESTION_KINDS = frozenset({"education", "red_flags", "avoid"})  # what a question asks for
ANSWERING_KINDS = frozenset({"education", "red_flags", "avoid", "qa"})  # the videos that answer questions
RARE_SHARE = 0.02
RARITY_FLOOR = 0.2
RARITY_MIN_VIDEOS = 200
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

    The best LEXICAL_CANDIDATES videos by the words typed (found without reading every posting, see lexical.py)
    and the best videos tagged with an exercise, condition or topic the query names get the full concept
    scoring."""
    query.rarity = concept_rarity(index, query)
    lexical = index.best_lexical(query.terms, LEXICAL_CANDIDATES)
    top = lexical.top or 1.0
    key = index.best_lexical(dict.fromkeys(query.key_terms, 1.0), 1)  # the query's own specific words
    key_top = key.top or 1.0
    candidates = set(heapq.nlargest(LEXICAL_CANDIDATES, lexical.scores, key=lexical.scores.__getitem__))
    for concept, facet in query.concepts.items():
        if facet in ("exercise", "condition", "topic"):
            candidates.update(index.concept_postings.get(concept, ()))
    known = index.facts_of(candidates)
    ranked = []
    for doc in sorted(candidates):
        facts = known[doc]
        if keep is not None and not keep(facts):
            continue
        concept_score, reasons = concept_agreement(facts, query, key.score(doc) / key_top)
        lexical_part = LEXICAL_WEIGHT * lexical.score(doc) / top
        score = lexical_part + concept_score + 0.01 * math.log10(1 + facts.views)
        if score <= 0:
            continue  # worse than no match: another body part, a product review nobody asked for...
        ranked.append(Ranked(doc, score, {"lexical": round(lexical_part, 4), "concepts": round(concept_score, 4)},
                             reasons))
    ranked.sort(key=lambda r: (-r.score, known[r.doc].video_id))
    return ranked


def concept_rarity(index: SearchIndex, query: Query) -> dict[str, float]:
    """How much agreeing on each of the query's concepts tells (like a word's idf): a concept most videos share
    (the low back, "an explanation") says little about which video is meant; a rare one (spondylolisthesis, a
    TENS machine) says a lot. 1 for a concept in at most RARE_SHARE of the videos, down to RARITY_FLOOR; a small
    catalogue (under RARITY_MIN_VIDEOS) is not enough to tell, so it discounts less."""
    total = max(len(index), RARITY_MIN_VIDEOS)
    rarity = {}
    for concept in [*query.concepts, *query.felt_in]:
        share = max(index.concept_postings.count(concept), 1) / total
        rarity[concept] = max(RARITY_FLOOR, min(1.0, math.log(1 / share) / math.log(1 / RARE_SHARE)))
    return rarity


def concept_agreement(tags: Facts, query: Query, lexical_strength: float = 0.0) -> tuple[float, list[str]]:
    """How well a video's tags fit the query's concepts (agreement scaled, what the query rules out in full);
    reasons name what matched. A doubt (the tags say another body part, a review nobody asked for) weighs less
    the better the video matches the words typed: a guess never buries a strong match of the query's words."""
    fit = Fit(chapter=_chapter_match(tags, query))
    for part in (_body, _conditions, _exercises, _positions, _audience, _kinds, _topics, _length, _chapters):
        part(tags, query, fit)
    return FIT_SCALE * fit.bonus + fit.constraint + fit.doubt * (1 - LEXICAL_GUARD * lexical_strength), fit.reasons


@dataclass
class Fit:
    bonus: float = 0.0  # agreement with what the query suggests (scaled: the words typed lead)
    constraint: float = 0.0  # what the query requires or rules out (in full)
    chapter: float = 0.0  # the share of the query's specific concepts one chapter names
    doubt: float = 0.0  # what the tags suggest is off (another body part, a review nobody asked for)
    reasons: list[str] = field(default_factory=list)

    def agrees(self, amount: float, reason: str | None = None) -> None:
        self.bonus += amount
        if reason:
            self.reasons.append(reason)


def _chapter_match(tags: Facts, query: Query) -> float:
    """For a video in chapters, the share of the query's specific concepts that one chapter names, or its title
    (a long video all about it is as good as one with a chapter about it)."""
    wanted = query.specific()
    if not wanted or not tags.chapter_concepts:
        return 0.0
    return max(len(wanted & concepts) for concepts in (*tags.chapter_concepts, tags.title_concepts)) / len(wanted)


def _chapters(tags: Facts, query: Query, fit: Fit) -> None:
    """One chapter about what was asked (a Q&A's answer, a technique inside a follow-along) counts."""
    if fit.chapter:
        fit.agrees(CHAPTER_WEIGHT * fit.chapter)  # the chapter is named in the "why" when it is chosen


def _label(concept: str) -> str:
    return vocabulary().concepts[concept].label


def _body(tags: Facts, query: Query, fit: Fit) -> None:
    named = query.facet("body_part")
    body, implied = (named, False) if named else (["low_back"], True)  # BackCoach is about the back
    if not tags.body_parts:
        return
    matched = [part for part in body if part in tags.body_parts]
    for part in matched:
        fit.agrees((0.5 if implied else 1.5) * query.rare(part), _label(part))
    for part in query.felt_in:  # "pain from my buttock down my leg": the back, and where it is felt
        if part in tags.body_parts:
            fit.agrees(0.4 * query.rare(part))
    if not matched:
        fit.doubt -= 1.0 if implied else 1.5  # another body part than the one asked about


def _conditions(tags: Facts, query: Query, fit: Fit) -> None:
    """The best-matching condition counts; more matches add a little (a video naming every condition is not
    the best answer to each)."""
    matches = []
    for condition in query.facet("condition"):
        if condition in tags.conditions:
            matches.append(1.2 * min(1.0, 0.4 + tags.weight(condition) / 5) * query.rare(condition))
            fit.reasons.append(_label(condition))
        elif RELATED_CONDITIONS.get(condition, set()) & tags.conditions:
            matches.append(0.4 * query.rare(condition))
    if matches:
        matches.sort(reverse=True)
        fit.agrees(matches[0] + 0.25 * sum(matches[1:]))


def _exercises(tags: Facts, query: Query, fit: Fit) -> None:
    for exercise in query.facet("exercise"):
        if exercise in tags.exercises:
            fit.agrees(1.5 * query.rare(exercise), _label(exercise))


def _audience(tags: Facts, query: Query, fit: Fit) -> None:
    for audience in query.facet("audience"):
        if audience in tags.audience:
            fit.agrees(0.6 * query.rare(audience), f"for {_label(audience)}")


def _positions(tags: Facts, query: Query, fit: Fit) -> None:
    places = tags.positions
    for position in query.facet("position"):
        if position in places:
            fit.agrees((0.8 if tags.positions_said else 0.3) * query.rare(position), _label(position))
        elif position in NON_FLOOR and places and places <= {"floor"}:
            fit.constraint -= 0.6
    if query.no_floor:
        if places and places <= {"floor"}:
            fit.constraint -= 2.0
        elif places & NON_FLOOR:
            fit.constraint += 0.5
            fit.reasons.append("no floor work needed")


def _kinds(tags: Facts, query: Query, fit: Fit) -> None:
    wanted = set(query.facet("kind")) & REQUESTABLE_KINDS
    for kind in wanted & tags.kinds:
        fit.agrees(query.rare(kind), _label(kind))
    question = bool(wanted & QUESTION_KINDS)
    if question and tags.kinds & ANSWERING_KINDS:
        fit.agrees(0.5)  # explainers, warning signs and Q&As answer questions
    answers = {"qa": bool(question or fit.chapter),  # a Q&A answers a question, or in the chapter about it
               "product_review": bool(tags.topics & set(query.facet("topic")))}  # a review of what was asked about
    for kind in OFF_TOPIC_KINDS:
        if kind in tags.kinds and kind not in wanted and not answers[kind]:
            fit.doubt -= 2.0 if not question else 0.5  # a question may be answered in a review


def _topics(tags: Facts, query: Query, fit: Fit) -> None:
    for topic in query.facet("topic"):
        if topic in tags.topics:
            fit.agrees(query.rare(topic), _label(topic))


def _length(tags: Facts, query: Query, fit: Fit) -> None:
    duration = tags.duration
    if query.max_minutes is None or duration is None:
        return
    limit = query.max_minutes * 60
    if duration <= limit * 1.5:
        fit.constraint += 1.0
        fit.reasons.append(f"{max(1, round(duration / 60))} min")
    elif duration > limit * 2:
        fit.constraint -= 1.0 if tags.has_chapters else 1.5  # asked for 5 minutes, this takes half an hour
