"""Counts of words learned from clean stored articles (names and jargon seen before).

The bottom floor of ``newsdesk.repair`` with ``lexicon``: the segmenter looks words up here,
and ``learning.Vocabulary`` adds to it what clean articles teach.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Iterator
from typing import Self

from newsdesk.repair.errors import RepairError
from newsdesk.repair.lexicon import reach_of


class WordCounts:
    """How often each word (lower-case key) was seen standing alone in clean text."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._version = 0
        self._reach: dict[str, int] = {}  # see lexicon.reach_of

    @property
    def version(self) -> int:
        """Changes whenever the counts change (lets the segmenter cache safely)."""
        return self._version

    def add(self, counts: Counter[str]) -> None:
        if counts:
            self._version += 1
            self._counts.update(counts)
            self._extend_reach(counts)

    def _extend_reach(self, words: Iterable[str]) -> None:
        for key, length in reach_of(words).items():
            if self._reach.get(key, 0) < length:
                self._reach[key] = length

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._counts.get(word.lower(), 0) > 0

    def __len__(self) -> int:
        return len(self._counts)

    def count(self, word: str) -> int:
        """How often ``word`` (any case) was seen standing alone in clean text."""
        return self._counts.get(word.lower(), 0)

    def counts(self) -> Iterator[tuple[str, int]]:
        """Every (word, count) pair, for the store to persist."""
        return iter(self._counts.items())

    @classmethod
    def from_counts(cls, counts: Iterable[tuple[str, int]]) -> Self:
        """Words rebuilt from persisted ``counts()``."""
        words = cls()
        for word, number in counts:
            if not isinstance(word, str) or not isinstance(number, int) or number < 0:
                raise RepairError(f"Bad vocabulary entry {word!r}: {number!r}.")
            if number:
                words._counts[word.lower()] += number
        words._version += 1
        words._extend_reach(words._counts)
        return words


def word_set(words: Container[str] | None) -> Container[str] | None:
    """A container of lower-case words for fast lookups: a ``WordCounts``' own keys (no
    per-lookup checks), or any other container as it is."""
    if isinstance(words, WordCounts):
        return words._counts.keys()
    return words


def word_reach(words: Container[str] | None) -> dict[str, int] | None:
    """``lexicon.reach_of`` for learned words (None: unknown, look every length up)."""
    if words is None:
        return {}
    return words._reach if isinstance(words, WordCounts) else None
