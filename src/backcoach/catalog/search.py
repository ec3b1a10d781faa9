"""Search results as people see them: ranked videos, the chapter to start at when a chapter fits best,
the score parts and a one-line "why"."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from backcoach.catalog.index import Facts, SearchIndex
from backcoach.catalog.query import Query, understand
from backcoach.catalog.ranker import Ranked, rank
from backcoach.catalog.text import terms
from backcoach.catalog.vocabulary import vocabulary
from backcoach.domain.units import clock

CHAPTER_NAMED = 0.5  # the share of what was asked a chapter's own title must name
TAG_FACETS = ("body_parts", "conditions", "exercises", "positions", "audience", "kinds")

Keep = Callable[[Facts], bool]


def search(index: SearchIndex, text: str, limit: int = 10, keep: Keep | None = None,
           fuse: Callable[[Query, list[Ranked]], list[Ranked]] | None = None, *, first: Keep | None = None
           ) -> list[dict[str, Any]]:
    """The best `limit` videos for the text (among those `keep` allows); with `first`, the ones it picks come
    before the others, each group in its own order."""
    query = understand(text, vocabulary(), index.surface_words)
    ranked = rank(index, query, keep)
    if fuse is not None:
        ranked = fuse(query, ranked)
    if first is not None:
        facts = index.facts_of(item.doc for item in ranked)
        ranked.sort(key=lambda item: not first(facts[item.doc]))  # a stable sort keeps each group's order
    return [result(index, query, item) for item in ranked[:limit]]


def result(index: SearchIndex, query: Query, item: Ranked) -> dict[str, Any]:
    video = index.video(item.doc)
    tags = video["analysis"]
    chapter = best_chapter(video, query)
    start = None if chapter is None else int(chapter["start_seconds"])
    return {
        "video_id": video["video_id"],
        "title": video["title"],
        "url": link(video["url"], start),
        "score": round(item.score, 4),
        "start_seconds": start,
        "start_text": None if start is None else clock(start),
        "chapter_title": None if chapter is None else chapter["title"],
        "why": why(item, query, chapter),
        "score_parts": item.parts,
        "duration": video["duration"],
        "tags": shown_tags(tags),
    }


def shown_tags(tags: Mapping[str, Any]) -> dict[str, Any]:
    known = vocabulary().concepts
    shown: dict[str, Any] = {facet: [known[c].label if c in known else c for c in tags.get(facet, [])]
                             for facet in TAG_FACETS}
    shown["length"] = tags.get("length")
    return shown


def best_chapter(video: Mapping[str, Any], query: Query) -> dict[str, Any] | None:
    """The chapter to open at: one named for what was asked ("Heel drops" for "heel drops achilles", even when
    the video's title says it too), or one that, with the title, covers more of what was asked than the title
    alone (a Q&A's answer). None when no chapter does."""
    chapters = video["analysis"]["chapters"]
    if not chapters:
        return None
    title_concepts, title_terms = set(vocabulary().match(video["title"])), set(terms(video["title"]))
    title_cover = _coverage(title_concepts, title_terms, query)
    best, best_key = None, (0.0, 0.0)
    for chapter in chapters:
        concepts, words = set(chapter["concepts"]), set(terms(chapter["title"]))
        own = _coverage(concepts, words, query)
        together = _coverage(title_concepts | concepts, title_terms | words, query)
        named = own >= CHAPTER_NAMED and own >= title_cover
        if (named or together > title_cover) and (own, together) > best_key:
            best, best_key = chapter, (own, together)
    return best


def _coverage(concepts: set[str], title_terms: set[str], query: Query) -> float:
    wanted = query.specific()
    if not wanted and not query.key_terms:
        return 0.0
    hits = len(wanted & concepts) + len(query.key_terms & title_terms)
    return hits / (len(wanted) + len(query.key_terms))


def why(item: Ranked, query: Query, chapter: Mapping[str, Any] | None) -> str:
    parts = []
    if item.reasons:
        parts.append("Matches " + ", ".join(dict.fromkeys(item.reasons)))
    elif item.parts.get("lexical"):
        parts.append("Uses the words of your search")
    if chapter is not None:
        parts.append(f"the chapter \u201c{chapter['title']}\u201d at {clock(int(chapter['start_seconds']))} fits best")
    if query.corrections:
        parts.append("searched for " + ", ".join(f"\u201c{new}\u201d" for _, new in query.corrections))
    if item.parts.get("semantic"):
        parts.append("similar in meaning")
    return "; ".join(parts) + "." if parts else "Related to your search."


def link(url: str, start: int | None) -> str:
    if not start:
        return url
    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}t={start}s"
