"""Text normalisation shared by tagging and search: lower-case words, folded punctuation, light stemming."""

from __future__ import annotations

import re
from functools import lru_cache

_REPLACEMENTS = (("’", "'"), ("‘", "'"), ("&", " and "), ("-", " "), ("/", " "), ("_", " "))
_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "does", "for", "from", "have",
    "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "so", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "to", "too", "up", "us", "was", "we", "what",
    "when", "where", "which", "while", "who", "why", "will", "with", "you", "your", "yours", "am", "im", "ive",
    "id", "get", "got", "just", "very", "really", "should", "would", "could", "did", "about", "were", "has", "had",
})


def normalize(text: str) -> str:
    """Lower-case, apostrophes dropped ("child's" -> "childs"), & as "and", hyphens and slashes as spaces."""
    lowered = text.lower()
    for old, new in _REPLACEMENTS:
        lowered = lowered.replace(old, new)
    return lowered.replace("'", "")


def words(text: str) -> list[str]:
    """The words of a text, normalised; nothing dropped (phrase matching needs every word)."""
    return _WORD.findall(normalize(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, predictable English stemmer: stretches/stretching/stretched -> stretch, knees -> knee."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: len(word) - len(suffix)] + keep
            if suffix == "es" and not base.endswith(("ch", "sh", "x", "ss", "z")):
                base = word[:-1]
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix in ("ing", "ed") and len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "lsfz":
                base = base[:-1]  # shopping -> shop, running -> run (but rolling -> roll)
            return base
    return word


def terms(text: str) -> list[str]:
    """Index terms: stemmed words without stop words."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]
