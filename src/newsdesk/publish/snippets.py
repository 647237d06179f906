"""A short passage of a search result with the words that matched marked, found with the
search's own folding and stemming (so "harbours" marks "harbour" and "الکرمه" "الكرمة")."""

from __future__ import annotations

import re

from newsdesk.store.fulltext.normalize import index_text
from newsdesk.store.fulltext.stemming import query_alternatives, stem_words, stemming_language

WORDS = 36  # words shown
LEAD_IN = 8  # words shown before the first match
SCAN_CHARS = 4_000  # matches are looked for this far into the text
_TOKENS = re.compile(r"(\s+)")

Piece = tuple[str, bool]  # text, and whether it is a match


def snippet(text: str, query: str, language: str | None) -> list[Piece]:
    """About `WORDS` words of ``text`` from a little before its first match, as pieces."""
    code = stemming_language(language)
    forms = {f for word in query_alternatives(query, frozenset({code} if code else ()))
             for f in word}
    starts = {f[:3] for f in forms}  # a stem may end differently ("ferri" for "ferry")
    known: dict[str, bool] = {}

    def hit(word: str) -> bool:
        if word not in known:
            known[word] = _matches(word, forms, starts, code)
        return known[word]

    words = [w for w in _TOKENS.split(text[:SCAN_CHARS])[::2] if w]  # even items: words
    first = next((n for n, word in enumerate(words) if hit(word)), 0)
    start = max(0, first - LEAD_IN)
    end = min(len(words), start + WORDS)
    pieces: list[Piece] = [("… ", False)] if start else []
    for n in range(start, end):
        pieces.append((words[n], hit(words[n])))
        if n + 1 < end:
            pieces.append((" ", False))
    if end < len(words) or len(text) > SCAN_CHARS:
        pieces.append((" …", False))
    return _merged(pieces)


def _matches(word: str, forms: set[str], starts: set[str], code: str | None) -> bool:
    folded = index_text(word)
    if not folded or not any(s in folded for s in starts):  # cheap test before stemming
        return False
    return any(w in forms or stem_words(w, code) in forms for w in folded.split())


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring pieces of the same kind joined (fewer elements in the page)."""
    merged: list[Piece] = []
    for text, hit in pieces:
        if merged and merged[-1][1] == hit and not hit:
            merged[-1] = (merged[-1][0] + text, hit)
        else:
            merged.append((text, hit))
    return merged
