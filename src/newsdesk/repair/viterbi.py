"""The cost model for pieces of a run of letters, and the Viterbi search for its best split.

A piece costs ``-log10`` of its frequency (``wordcosts``); a learned word costs like a fairly
common one; unknown pieces are expensive, capitalised unknown pieces (names) less so, and both
climb steeply past about a dozen letters. Short pieces are restricted to a list (a, I, in, of).
The search itself never scores the whole run; ``segment`` compares the two.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container

from newsdesk.repair.vocabulary import word_set
from newsdesk.repair.wordcosts import word_costs

INF = float("inf")
PIECE_PENALTY = 1.0  # each extra word must pay for itself
MAX_PIECE = 24
_VOCAB_COST = 5.5  # a learned word counts like a fairly common one
_RARE_COST = 9.0 - 2.5  # dictionary entries rarer than Zipf 2.5, see _known_table
# Real words and names are rarely longer than about a dozen letters; past that, an unknown
# run is far more likely several glued words, so its cost climbs steeply.
_LONG = 12
_ALLOWED_SHORT = frozenset(
    [
        "a",
        "i",
        "an",
        "as",
        "at",
        "be",
        "by",
        "do",
        "go",
        "he",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "no",
        "of",
        "on",
        "or",
        "so",
        "to",
        "up",
        "us",
        "we",
        "am",
    ]
)
_ALLOWED_SHORT_UPPER = frozenset(["UK", "US", "EU", "UN", "TV", "AI", "UAE"])
# The shapes of real camel-case words (McDonald, YouTube, iPhone); inside a run, a known word
# with capitals elsewhere ("toO", "SaraH") is two words glued.
_CAMEL = re.compile(r"(?:[a-z]|[A-Z][a-z]+)(?:[A-Z][a-z]{2,})+")
CONTRACTION_TAILS = frozenset(["s", "t", "re", "ve", "ll", "d", "m"])


def unknown_cost(length: int) -> float:
    return 9.0 + 0.45 * min(length, _LONG) + 1.5 * max(0, length - _LONG)


def name_cost(length: int) -> float:
    return 7.5 + 0.25 * min(length, 10) + 1.2 * max(0, length - 10)


_UNKNOWN_BY_LENGTH = [INF, INF, INF] + [unknown_cost(n) for n in range(3, MAX_PIECE + 1)]
_NAME_BY_LENGTH = [INF, INF, INF] + [name_cost(n) for n in range(3, MAX_PIECE + 1)]


@functools.cache
def _known_table() -> dict[str, float]:
    """Lower-case word -> cost as a piece, with the adjustments below applied once."""
    table: dict[str, float] = {}
    for word, cost in word_costs().items():
        if len(word) == 3 and cost > 6.0:
            continue  # rare three-letter entries are mostly fragments and codes
        if cost > _RARE_COST:
            # The rarest entries of the frequency list are often glued pairs
            # ("turningpoint"); make them pay a little more than their raw frequency says.
            cost += 1.5 * (cost - _RARE_COST)
        table[word] = cost
    return table


def known_cost(lower: str, vocabulary: Container[str] | None) -> float:
    """Cost of a lower-case dictionary or learned word; INF when it is neither."""
    cost = _known_table().get(lower, INF)
    if vocabulary is not None and lower in vocabulary:
        return min(cost, _VOCAB_COST)
    return cost


def shape(piece: str) -> str:
    if piece.islower():
        return "lower"
    if piece.isupper():
        return "upper"
    if piece[0].isupper() and piece[1:].islower():
        return "cap"
    if piece[-1] == "s" and piece[:-1].isupper() and len(piece) > 2:
        return "upper"  # plural acronym: MPs, NGOs
    return "mixed"


def piece_cost(piece: str, vocabulary: Container[str] | None, whole: bool) -> float:
    """Cost of ``piece`` as one word; ``whole`` says it is the entire run."""
    lower = piece.lower()
    if len(piece) > 3 and piece == lower:  # the common case, kept quick
        known = known_cost(lower, vocabulary)
        return known if known < INF else unknown_cost(len(piece))
    form = shape(piece)
    if len(piece) <= 2 and not whole:
        if piece in _ALLOWED_SHORT_UPPER:
            return 5.0
        if lower not in _ALLOWED_SHORT or (form == "upper" and piece not in ("A", "I")):
            return INF
        if lower == "i" and piece != "I":
            return INF
    known = known_cost(lower, vocabulary)
    if form == "mixed":
        # Inside a run, a mid-word capital is a word boundary unless the word is known
        # (YouTube, McDonald); a whole unknown camel-case run is more likely glued words.
        if known < INF and (whole or _CAMEL.fullmatch(piece)):
            return known
        return unknown_cost(len(piece)) + 3.0 if whole else INF
    if known < INF:
        return known
    if form in ("cap", "upper") and len(piece) >= 3:
        return name_cost(len(piece))
    return unknown_cost(len(piece))


def _word_cost(piece: str, known: dict[str, float], words: Container[str] | None) -> float:
    cost = known.get(piece, INF)
    if words is not None and piece in words:
        return min(cost, _VOCAB_COST)
    return cost


def _lower_cost(piece: str, known: dict[str, float], words: Container[str] | None) -> float:
    """``piece_cost`` for an all-lower-case piece that is not the whole run, inlined."""
    cost = _word_cost(piece, known, words)
    if len(piece) <= 2:
        return cost if piece in _ALLOWED_SHORT and piece != "i" else INF
    return cost if cost < INF else _UNKNOWN_BY_LENGTH[len(piece)]


def _next_capitals(run: str) -> list[int]:
    """Index of the first capital at or after each position (``len(run)`` when none)."""
    n = len(run)
    result = [n] * (n + 1)
    for index in range(n - 1, -1, -1):
        result[index] = index if run[index].isupper() else result[index + 1]
    return result


def _search(
    run: str, words: Container[str] | None, after_apostrophe: bool
) -> tuple[list[float], list[int]]:
    n = len(run)
    lower = run.lower()
    known = _known_table()
    capitals = _next_capitals(run)
    best = [0.0] + [INF] * n
    back = [0] * (n + 1)
    for start in range(n):
        base = best[start]
        if base == INF:
            continue
        base += PIECE_PENALTY
        stop = min(n, start + MAX_PIECE)
        capital = capitals[start]
        if capital > start + 1:
            # Two or more lower-case letters, then a capital: no word crosses that capital
            # (only iPhone-like words start with one lower-case letter).
            stop = min(stop, capital)
        plain = capital if capital > start else capitals[start + 1]  # end of the "Word" shape
        for end in range(start + 1, stop + 1):
            if start == 0 and end == n:
                continue  # the whole run is scored apart
            if end <= capital:
                piece = lower[start:end]
                if start == 0 and after_apostrophe and piece in CONTRACTION_TAILS:
                    cost = 0.0
                else:
                    cost = _lower_cost(piece, known, words)
            elif end <= plain and end - start > 2:  # Capitalised: a known word or a name
                cost = _word_cost(lower[start:end], known, words)
                if cost == INF:
                    cost = _NAME_BY_LENGTH[end - start]
            else:
                cost = piece_cost(run[start:end], words, whole=False)
            if base + cost < best[end]:
                best[end], back[end] = base + cost, start
    return best, back


def best_pieces(
    run: str, vocabulary: Container[str] | None, after_apostrophe: bool = False
) -> tuple[tuple[str, ...], float]:
    """The cheapest split of ``run`` into two or more pieces, and its cost (INF: none)."""
    version = getattr(vocabulary, "version", None)
    if vocabulary is None or version is not None:
        return _best_cached(run, after_apostrophe, vocabulary, version)
    return _best(run, vocabulary, after_apostrophe)


@functools.lru_cache(maxsize=65536)
def _best_cached(
    run: str, after_apostrophe: bool, vocabulary: Container[str] | None, version: int | None
) -> tuple[tuple[str, ...], float]:
    # A vocabulary's version changes whenever it learns, so cached answers never outlive
    # what they were based on.
    return _best(run, vocabulary, after_apostrophe)


def _best(
    run: str, vocabulary: Container[str] | None, after_apostrophe: bool
) -> tuple[tuple[str, ...], float]:
    best, back = _search(run, word_set(vocabulary), after_apostrophe)
    n = len(run)
    if best[n] == INF:
        return (), INF
    pieces: list[str] = []
    end = n
    while end > 0:
        start = back[end]
        pieces.append(run[start:end])
        end = start
    pieces.reverse()
    return tuple(pieces), best[n] - PIECE_PENALTY


def clear_cache() -> None:
    """Forget cached splits (benchmarks use this to time cold runs)."""
    _best_cached.cache_clear()
