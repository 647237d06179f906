"""Counts of words learned from clean stored articles (names and jargon seen before).

The bottom floor of ``newsdesk.repair`` with ``lexicon``: the segmenter looks words up here,
and ``learning.Vocabulary`` adds to it what clean articles teach.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Self

from newsdesk.repair.errors import RepairError
from newsdesk.repair.lexicon import INF, Lexicon

LEARNED_COST = 5.5  # a learned word counts as a piece like a fairly common one
PREFIX, LONG_PREFIX = 4, 6  # letters a learned word's reach is looked up by (reach_of)
_ABOVE_EVERY_COUNT = 1 << 62


class WordCounts:
    """How often each word (lower-case key) was seen standing alone in clean text."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._version = 0
        self._new: list[str] = []  # keys in the order first learned, for Learned views

    @property
    def version(self) -> int:
        """Changes whenever the counts change (lets the segmenter cache safely)."""
        return self._version

    def add(self, counts: Counter[str]) -> None:
        if counts:
            self._version += 1
            self._new.extend(key for key in counts if key not in self._counts)
            self._counts.update(counts)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._counts.get(word.lower(), 0) > 0

    def __len__(self) -> int:
        return len(self._counts)

    def unknown(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` (lower-case) never counted, looked up without a call per word."""
        counts = self._counts  # a Counter: set.difference would walk all of it
        return {key for key in keys if key not in counts}

    def count(self, word: str) -> int:
        """How often ``word`` (any case) was seen standing alone in clean text."""
        return self._counts.get(word.lower(), 0)

    def learned_keys(self, start: int = 0) -> list[str]:
        """The keys in the order first learned, from the ``start``-th on (a copy elsewhere
        reads only those it has not read)."""
        return self._new[start:]

    def counts(self) -> Iterator[tuple[str, int]]:
        """Every (word, count) pair, for the store to persist."""
        return iter(self._counts.items())

    def most_frequent(self, keep: int) -> Self:
        """A copy holding the ``keep`` most frequent words; among equal counts, the most
        recently learned (today's names rather than last year's). The copy shares its keys
        with this one and is learned in the same order; no sorted list of every pair is made,
        so trimming 125,000 words costs little more than the copy (~7 MiB at its peak, not ~28)."""
        cut, spare = _cut(self._counts.values(), len(self._counts) - keep)
        kept = type(self)()
        for key, number in self._counts.items():
            if number < cut:
                continue
            if number == cut and spare:  # the earliest learned of the count where the cut falls
                spare -= 1
                continue
            kept._counts[key] = number
        kept._new = list(kept._counts)
        kept._version += 1
        return kept

    @classmethod
    def from_counts(cls, counts: Iterable[tuple[str, int]]) -> Self:
        """Words rebuilt from persisted ``counts()``."""
        words = cls()
        for word, number in counts:
            if not isinstance(word, str) or not isinstance(number, int) or number < 0:
                raise RepairError(f"Bad vocabulary entry {word!r}: {number!r}.")
            if number:
                words._counts[word.lower()] += number
        words._new = list(words._counts)
        words._version += 1
        return words


def _cut(counts: Iterable[int], drop: int) -> tuple[int, int]:
    """Where to cut to drop the ``drop`` lowest of ``counts``: every count below the first
    value returned goes, and that many (the second value) of those equal to it."""
    below = 0
    for number, words in sorted(Counter(counts).items()):
        if below + words > drop:
            return number, max(0, drop - below)
        below += words
    return _ABOVE_EVERY_COUNT, 0  # everything is dropped


@dataclass(slots=True)
class Learned:
    """The learned words that change a segmentation in one language: those its lexicon does
    not know, or knows as rarer than a learned word (names, jargon). Most learned words are
    common words of the language, and looking them up again would only cost time."""

    words: set[str] = field(default_factory=set)
    reach: dict[str, int] = field(default_factory=dict)  # see reach_of
    seen: int = 0  # how many of the WordCounts' keys were looked at
    order: list[str] = field(default_factory=list)  # ``words`` in the order they came

    def any_since(self, count: int, inside: str) -> bool:
        """Did a word come after the first ``count`` that is part of ``inside``?"""
        return any(word in inside for word in self.order[count:])


_VIEWS: weakref.WeakKeyDictionary[WordCounts, dict[str, Learned]] = weakref.WeakKeyDictionary()


def learned_for(words: Container[str] | None, lexicon: Lexicon) -> Learned | None:
    """The ``Learned`` view of ``words`` for ``lexicon``, kept up to date as they learn
    (None for a container that is not ``WordCounts``: look everything up in it)."""
    if words is None:
        return Learned()
    if not isinstance(words, WordCounts):
        return None
    view = _VIEWS.setdefault(words, {}).setdefault(lexicon.code, Learned())
    if view.seen < len(words._new):
        fresh = [
            key for key in words._new[view.seen :] if lexicon.costs.get(key, INF) > LEARNED_COST
        ]
        view.words.update(fresh)
        view.order.extend(fresh)
        for key, length in reach_of(fresh).items():
            if view.reach.get(key, 0) < length:
                view.reach[key] = length
        view.seen = len(words._new)
    return view


def reach_of(words: Iterable[str]) -> dict[str, int]:
    """For the segmenter's speed: the length of the longest of ``words`` (learned words; a
    lexicon's own are found by walking its trie) that starts with each PREFIX letters, and
    with each LONG_PREFIX letters when longer than that (see reach_at)."""
    reach: dict[str, int] = {}
    for word in words:
        for size in (PREFIX, LONG_PREFIX):
            if len(word) > size:
                key = word[:size]
                if reach.get(key, 0) < len(word):
                    reach[key] = len(word)
    return reach


def reach_at(reach: dict[str, int], text: str, start: int) -> int:
    """The length of the longest word in ``reach`` that ``text`` at ``start`` could begin."""
    longest = reach.get(text[start : start + PREFIX], PREFIX)
    if longest > LONG_PREFIX:
        longest = reach.get(text[start : start + LONG_PREFIX], LONG_PREFIX)
    return longest
