"""The knowledge base's vocabulary as a phrase matcher: text -> the concepts it mentions.

Concepts are the facets of vocabulary.yaml (body part, condition, position, audience, kind, length)
plus every exercise of the library (its name, aliases and id). A concept's "not" phrases cancel its
matches inside them: "back of the knee" mentions the knee, not the back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from backcoach.catalog.text import stem, words
from backcoach.errors import KnowledgeError
from backcoach.knowledge.loader import load_knowledge, load_vocabulary

SPELLING_MIN_LENGTH = 4  # shorter words are not corrected (too many near neighbours)
# skipped when matching phrases: "back of the knee" also matches "back of my knee" and "back of knee"
DETERMINERS = frozenset({"the", "my", "your", "his", "her", "our", "their"})


@dataclass(frozen=True)
class Concept:
    id: str
    facet: str
    label: str
    phrases: tuple[str, ...]
    places: frozenset[str] = frozenset()  # exercises: where they can be done
    direction: str | None = None  # exercises: extension, flexion, ...
    exact: bool = False  # match the words as written, not their stems
    region: str | None = None  # exercises: the body region they work on
    starts: frozenset[str] = frozenset()  # first words of a search that ask for this concept


@dataclass(frozen=True)
class Clue:
    """A lay description pointing to a concept: each group (ids in the clue matcher) must be mentioned."""

    means: str
    groups: tuple[str, ...]


@dataclass
class Vocabulary:
    concepts: dict[str, Concept]
    clues: list[Clue] = field(default_factory=list)
    clue_matcher: Vocabulary | None = None
    _phrases: dict[str, list[tuple[tuple[str, ...], str, bool]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for concept in self.concepts.values():
            for phrase in concept.phrases:
                self._add(phrase, concept.id, negative=False)

    def add_negative(self, phrase: str, concept_id: str) -> None:
        self._add(phrase, concept_id, negative=True)

    def _add(self, phrase: str, concept_id: str, *, negative: bool) -> None:
        exact = self.concepts[concept_id].exact
        tokens = tuple(w if exact else stem(w) for w in words(phrase) if w not in DETERMINERS)
        entry = (tokens, concept_id, negative)
        if tokens and entry not in self._phrases.get(tokens[0], ()):
            self._phrases.setdefault(tokens[0], []).append(entry)

    def match(self, text: str) -> Counter[str]:
        """How often each concept is mentioned in the text."""
        return self.match_words(words(text))

    def match_words(self, written: list[str]) -> Counter[str]:
        found: Counter[str] = Counter(concept for _, _, concept in self.spans(written))
        return found

    def spans(self, written: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, concept) of every mention in a list of normalised words (positions in that list)."""
        kept = [i for i, w in enumerate(written) if w not in DETERMINERS]
        return [(kept[start], kept[end - 1] + 1, concept)
                for start, end, concept in self._spans([written[i] for i in kept])]

    def _spans(self, written: list[str]) -> list[tuple[int, int, str]]:
        stems = [stem(w) for w in written]
        hits: list[tuple[int, int, str]] = []
        masks: dict[str, list[tuple[int, int]]] = {}
        phrases, concepts = self._phrases, self.concepts
        for start in range(len(written)):
            by_stem, by_word = phrases.get(stems[start]), phrases.get(written[start])
            if by_stem is None and by_word is None:
                continue  # most words start no phrase
            for phrase, concept_id, negative in {*(by_stem or ()), *(by_word or ())}:
                end = start + len(phrase)
                tokens = written if concepts[concept_id].exact else stems
                if tuple(tokens[start:end]) != phrase:
                    continue
                if negative:
                    masks.setdefault(concept_id, []).append((start, end))
                else:
                    hits.append((start, end, concept_id))
        return [(start, end, concept_id) for start, end, concept_id in self._longest(sorted(hits))
                if not any(start < e and s < end for s, e in masks.get(concept_id, ()))]

    def _longest(self, hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Drop a match inside a longer match of the same concept or facet: "marching bridge" is one
        exercise (not also the bridge), and one mention, not two. Only matches longer than one word can hold
        another, so only those are compared."""
        longer = [(s, e, c, self.concepts[c].facet) for s, e, c in hits if e - s > 1]
        if not longer:
            return hits
        kept = []
        for start, end, concept_id in hits:
            facet = self.concepts[concept_id].facet
            inside = any((c == concept_id or f == facet) and s <= start and end <= e and (s, e) != (start, end)
                         for s, e, c, f in longer)
            if not inside:
                kept.append((start, end, concept_id))
        return kept

    def inferred(self, written: list[str]) -> list[str]:
        """Concepts that lay words point to without naming them (the clues of vocabulary.yaml), and what the
        first word of a search asks for ("is it...", "should I...": an explanation)."""
        opening = set(self.opening(written))
        if self.clue_matcher is None:
            return sorted(opening)
        found = {concept for _, _, concept in self.clue_matcher.spans(written)}
        return sorted(opening | {clue.means for clue in self.clues if all(group in found for group in clue.groups)})

    def opening(self, written: list[str]) -> list[str]:
        """What the first word asks for: "is it...", "should I..." ask for an explanation."""
        return sorted(c.id for c in self.concepts.values() if written and written[0] in c.starts)

    def facet_of(self, concept_id: str) -> str:
        return self.concepts[concept_id].facet

    def by_facet(self, found: Iterable[str], facet: str) -> list[str]:
        return sorted(c for c in found if self.concepts[c].facet == facet)

    @cached_property
    def spelling_words(self) -> list[str]:
        """Every word of four letters or more in any phrase, sorted: what typos are corrected towards."""
        return sorted({w for c in self.concepts.values() for p in c.phrases for w in words(p)
                       if len(w) >= SPELLING_MIN_LENGTH})




@cache
def vocabulary() -> Vocabulary:
    concepts: dict[str, Concept] = {}
    for raw in load_vocabulary():
        concepts[raw["id"]] = Concept(raw["id"], raw["facet"], raw["label"], tuple(raw["phrases"]),
                                      exact=bool(raw.get("exact", False)), starts=frozenset(raw.get("starts", ())))
    for exercise in load_knowledge().exercises.values():
        phrases = (exercise.name, *exercise.aliases, exercise.id.replace("-", " "))
        concepts[exercise.id] = Concept(exercise.id, "exercise", exercise.name, phrases, exercise.places,
                                        exercise.direction, region=exercise.region)
    built = Vocabulary(concepts)
    for raw in load_vocabulary():
        for phrase in raw.get("not", ()):
            built.add_negative(phrase, raw["id"])
    _add_clues(built, load_vocabulary(), set(load_knowledge().sources))
    return built


def _add_clues(built: Vocabulary, raw_concepts: Iterable[Mapping[str, Any]], sources: set[str]) -> None:
    groups: dict[str, Concept] = {}
    for raw in raw_concepts:
        for number, clue in enumerate(raw.get("clues", ())):
            unknown = [key for key in clue["sources"] if key not in sources]
            if unknown:
                raise KnowledgeError(f"vocabulary.yaml: {raw['id']}: clues[{number}]: source {unknown[0]!r} is not "
                                     "in sources.yaml")
            ids = []
            for part, phrases in enumerate(clue["when"]):
                group = f"{raw['id']}#{number}.{part}"
                groups[group] = Concept(group, group, group, tuple(phrases))  # own facet: groups never mask each other
                ids.append(group)
            built.clues.append(Clue(raw["id"], tuple(ids)))
    built.clue_matcher = Vocabulary(groups) if groups else None


def labels(found: Mapping[str, int]) -> list[str]:
    known = vocabulary().concepts
    return [known[c].label for c in found if c in known]
