"""Understanding a search query the way people type it: typos corrected, concepts and constraints found
("in bed", "no floor", "for seniors", "5 minute"), synonyms from the knowledge base added."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from backcoach.catalog.text import STOPWORDS, stem, words
from backcoach.catalog.vocabulary import SPELLING_MIN_LENGTH, Vocabulary

AGE = re.compile(r"\b([5-9]\d|1[01]\d)\s*(?:-\s*)?(?:year|yr|yo\b|years)|\bin (?:my|his|her|their) ([5-9]0)s\b")
SENIOR_AGE = 60  # "my 80 year old mum", "in my 70s": exercises for seniors
MINUTES = re.compile(r"\b(\d{1,3})\s*(?:-\s*)?(?:min|mins|minute|minutes)\b")
SHORT_MINUTES = 10
DURATION_WORDS = frozenset({"min", "mins", "minute", "minutes"})
EXPANSION_WEIGHT = 0.3
TYPO_SCORE = 80.0
GENERIC = frozenset({"pain", "hurt", "hurts", "relief", "ache", "aching", "help", "best", "good", "stretch",
                     "stretches", "exercise", "exercises", "video", "videos", "can", "do", "some", "try", "down",
                     "left", "right", "up", "side", "both", "one", "out", "off", "need", "want", "like", "feel",
                     "back", "backs"})
# where the symptoms of a low-back condition are felt, not what is to be treated ("pain down my leg")
SYMPTOM_PARTS = frozenset({"leg", "foot_ankle", "hip"})
LOW_BACK_CONDITIONS = frozenset({"sciatica", "stenosis", "disc", "spondylolisthesis", "si_joint",
                                 "quadratus_lumborum"})
BARE_BACK = frozenset({"back", "backs"})
SPECIFIC_FACETS = frozenset({"exercise", "condition", "position", "topic"})
SPECIFIC_KINDS = frozenset({"red_flags", "avoid"})
EXERCISE_KINDS = frozenset({"stretch", "strengthening", "follow_along"})
# words whose meaning the concept carries: matched as words only a little ("can't get down", "should I")
MUTED_FACETS = frozenset({"constraint"})
MUTED_CONCEPTS = frozenset({"education"})
MUTED_WEIGHT = 0.3
EXPANDED_FACETS = frozenset({"body_part", "condition", "exercise", "topic"})  # synonyms worth searching for


@dataclass
class Query:
    text: str
    terms: dict[str, float] = field(default_factory=dict)  # stemmed term -> weight (1 typed, 0.3 synonym)
    key_terms: set[str] = field(default_factory=set)  # typed terms that are not generic
    concepts: dict[str, str] = field(default_factory=dict)  # concept id -> facet
    max_minutes: int | None = None
    no_floor: bool = False
    corrections: list[tuple[str, str]] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)  # concepts lay words point to (clues), not named
    felt_in: list[str] = field(default_factory=list)  # where a low-back condition's symptoms are felt
    rarity: dict[str, float] = field(default_factory=dict)  # per concept: how much agreeing on it tells
    _facets: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def rare(self, concept: str) -> float:
        return self.rarity.get(concept, 1.0)

    def specific(self) -> set[str]:
        """What a chapter can be about: exercises, conditions, places, topics, another body part than the low
        back, warning signs or what to avoid."""
        return {c for c, facet in self.concepts.items()
                if facet in SPECIFIC_FACETS or c in SPECIFIC_KINDS or (facet == "body_part" and c != "low_back")}

    def facet(self, name: str) -> list[str]:
        if not self._facets:
            for concept, facet in sorted(self.concepts.items()):
                self._facets.setdefault(facet, []).append(concept)
        return self._facets.get(name, [])


def understand(text: str, vocabulary: Vocabulary, known_words: Collection[str]) -> Query:
    query = Query(text)
    typed = _corrected(words(text), vocabulary, known_words, query)
    spans = _mentions(vocabulary, typed)
    query.inferred = vocabulary.inferred(typed) + _by_age(" ".join(typed))
    _concepts(query, vocabulary, sorted({concept for _, _, concept in spans} | set(query.inferred)))
    if minutes := MINUTES.search(" ".join(typed)):
        query.max_minutes = int(minutes.group(1))
        typed = [w for w in typed if w not in DURATION_WORDS]  # the length is a constraint, not words to match
        spans = _mentions(vocabulary, typed)
    elif "short" in query.concepts:
        query.max_minutes = SHORT_MINUTES
    in_concepts = {i for start, end, _ in spans for i in range(start, end)}
    muted = {i for start, end, concept in spans for i in range(start, end) if concept in MUTED_CONCEPTS
             or vocabulary.facet_of(concept) in MUTED_FACETS}
    for position, word in enumerate(typed):
        if word not in STOPWORDS:
            weight = MUTED_WEIGHT if position in muted else 1.0
            query.terms[stem(word)] = max(weight, query.terms.get(stem(word), 0.0))
            if word not in GENERIC and not word.isdigit() and position not in in_concepts:
                query.key_terms.add(stem(word))  # words a concept stands for are covered by the concept
    _expand(query, vocabulary)
    return query


def _by_age(text: str) -> list[str]:
    """An age said in years points to the videos for seniors when it is SENIOR_AGE or more."""
    found = AGE.search(text)
    age = int(found.group(1) or found.group(2)) if found else 0
    return ["seniors"] if age >= SENIOR_AGE else []


def _mentions(vocabulary: Vocabulary, typed: list[str]) -> list[tuple[int, int, str]]:
    spans = _within_conditions(vocabulary, _bare_back(typed, vocabulary.spans(typed)))
    return _places_over_topics(vocabulary, spans)


def _places_over_topics(vocabulary: Vocabulary, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Asking for exercises, "on the mattress" is where to do them, not a question about mattresses."""
    facets = [(start, end, concept, vocabulary.facet_of(concept)) for start, end, concept in spans]
    if not any(facet == "exercise" or concept in EXERCISE_KINDS for _, _, concept, facet in facets):
        return spans
    places = [(start, end) for start, end, _, facet in facets if facet == "position"]
    return [(start, end, concept) for start, end, concept, facet in facets
            if not (facet == "topic" and any(s < end and start < e for s, e in places))]


def _expand(query: Query, vocabulary: Vocabulary) -> None:
    """The synonyms of what the query names or points to (body parts, conditions, exercises, topics)."""
    for concept, facet in [*query.concepts.items(), *((part, "body_part") for part in query.felt_in)]:
        if facet in EXPANDED_FACETS:
            for phrase in vocabulary.concepts[concept].phrases:
                for word in words(phrase):
                    if word not in STOPWORDS:
                        query.terms.setdefault(stem(word), EXPANSION_WEIGHT)


def _bare_back(typed: list[str], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"My back" alone does not say which part of the back: the low back stays the default, not a demand."""
    return [(start, end, concept) for start, end, concept in spans
            if not (concept == "low_back" and end - start == 1 and typed[start] in BARE_BACK)]


def _within_conditions(vocabulary: Vocabulary, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop a body part named inside a condition's words: "above my hip bone" is the side of the low back."""
    conditions = [(s, e) for s, e, c in spans if vocabulary.facet_of(c) == "condition"]
    return [(start, end, concept) for start, end, concept in spans
            if not (vocabulary.facet_of(concept) == "body_part"
                    and any(s <= start and end <= e and (s, e) != (start, end) for s, e in conditions))]


def _concepts(query: Query, vocabulary: Vocabulary, found: list[str]) -> None:
    query.concepts = {c: vocabulary.facet_of(c) for c in found}
    if LOW_BACK_CONDITIONS & set(query.concepts):
        for part in SYMPTOM_PARTS & set(query.concepts):
            query.concepts.pop(part)
            query.felt_in.append(part)
    query.no_floor = "no_floor" in query.concepts
    if query.no_floor:
        query.concepts.pop("floor", None)


def _corrected(typed: list[str], vocabulary: Vocabulary, known: Collection[str], query: Query) -> list[str]:
    """Replace unknown words by the closest known word (rapidfuzz), when one is close enough."""
    from rapidfuzz import fuzz, process

    vocabulary_words = vocabulary.spelling_words
    corrected = []
    for word in typed:
        if (len(word) < SPELLING_MIN_LENGTH or word.isdigit() or word in STOPWORDS or word in vocabulary_words
                or word in known):  # a word the videos use is meant ("crouch" is not "couch")
            corrected.append(word)
            continue
        # the knowledge base's words first, then the catalogue's
        best = process.extractOne(word, vocabulary_words, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE + 5)
        if best is None:
            best = process.extractOne(word, _near(known, word), scorer=fuzz.ratio, score_cutoff=TYPO_SCORE + 5)
        if best is None or stem(best[0]) == stem(word) or best[0][0] != word[0]:  # first letters are rarely mistyped
            corrected.append(word)
        else:
            corrected.append(best[0])
            query.corrections.append((word, best[0]))
    return corrected


def _near(known: Collection[str], word: str) -> Collection[str]:
    """The known words a typo may stand for: the index narrows them (same first letter, close length) when it
    can, so a catalogue of 100,000 videos is not compared word by word."""
    near = getattr(known, "near", None)
    return known if near is None else list(near(word))
