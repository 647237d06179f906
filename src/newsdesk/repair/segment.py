"""Splitting one run of letters into words, only when leaving it whole is far less likely.

A Viterbi search over the run scores each piece by its word cost (``wordcosts``), the learned
vocabulary and its capitalisation. Unknown pieces are expensive, so names and rare words are
not chopped into common fragments; the best split must beat the whole run by ``_MARGIN``.
"""

from __future__ import annotations

import functools
from collections.abc import Container
from dataclasses import dataclass

from newsdesk.repair.wordcosts import common_words, word_costs

_INF = float("inf")
_PIECE_PENALTY = 1.0  # each extra word must pay for itself
_MARGIN = 1.5  # log10 units: the split must be ~30x likelier than the whole
# In text that clearly lost spaces elsewhere, an unknown or rare run is likely glued too.
_DAMAGED_PRIOR = 2.0
_DAMAGED_MARGIN = 0.75
_MAX_PIECE = 24
_VOCAB_COST = 5.5  # a learned word counts like a fairly common one
_RARE_COST = 9.0 - 2.5  # dictionary entries rarer than Zipf 2.5, see _known_cost
_COMMON_PIECE_ZIPF = 3.3  # see _plausible_name_split
_STRONG_PIECE_ZIPF = 2.5  # every piece of a "strong" split is at least this common
_FUNCTION_ZIPF = 5.0  # ... and at least one is this common (the, of, and, said ...)
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
_CONTRACTION_TAILS = frozenset(["s", "t", "re", "ve", "ll", "d", "m"])


@dataclass(frozen=True, slots=True)
class Split:
    """How a run of letters divides into words; ``strong`` splits need no damaged context."""

    pieces: tuple[str, ...]
    strong: bool


# Real words and names are rarely longer than about a dozen letters; past that, an unknown
# run is far more likely several glued words, so its cost climbs steeply.
_LONG = 12


def _unknown_cost(length: int) -> float:
    return 9.0 + 0.45 * min(length, _LONG) + 1.5 * max(0, length - _LONG)


def _name_cost(length: int) -> float:
    return 7.5 + 0.25 * min(length, 10) + 1.2 * max(0, length - 10)


def _shape(piece: str) -> str:
    if piece.islower():
        return "lower"
    if piece.isupper():
        return "upper"
    if piece[0].isupper() and piece[1:].islower():
        return "cap"
    if piece[-1] == "s" and piece[:-1].isupper() and len(piece) > 2:
        return "upper"  # plural acronym: MPs, NGOs
    return "mixed"


def _known_cost(lower: str, vocabulary: Container[str] | None) -> float:
    cost = word_costs().get(lower, _INF)
    if _RARE_COST < cost < _INF:
        # The rarest entries of the frequency list are often glued pairs ("turningpoint");
        # make them pay a little more than their raw frequency says.
        cost += 1.5 * (cost - _RARE_COST)
    if len(lower) == 3 and cost > 6.0:
        cost = _INF  # rare three-letter entries are mostly fragments and codes
    if vocabulary is not None and lower in vocabulary:
        cost = min(cost, _VOCAB_COST)
    return cost


def _piece_cost(piece: str, vocabulary: Container[str] | None, whole: bool) -> float:
    lower = piece.lower()
    if len(piece) > 3 and piece == lower:  # the common case, kept quick
        known = _known_cost(lower, vocabulary)
        return known if known < _INF else _unknown_cost(len(piece))
    shape = _shape(piece)
    if len(piece) <= 2 and not whole:
        if piece in _ALLOWED_SHORT_UPPER:
            return 5.0
        if lower not in _ALLOWED_SHORT or (shape == "upper" and piece not in ("A", "I")):
            return _INF
        if lower == "i" and piece != "I":
            return _INF
    known = _known_cost(lower, vocabulary)
    if shape == "mixed":
        # Inside a run, a mid-word capital is a word boundary unless the word is known
        # (YouTube, McDonald); a whole unknown camel-case run is more likely glued words.
        if known < _INF:
            return known
        return _unknown_cost(len(piece)) + 3.0 if whole else _INF
    if known < _INF:
        return known
    if shape in ("cap", "upper") and len(piece) >= 3:
        return _name_cost(len(piece))
    return _unknown_cost(len(piece))


def _viterbi(
    run: str, vocabulary: Container[str] | None, after_apostrophe: bool
) -> tuple[list[str], float]:
    n = len(run)
    best = [0.0] + [_INF] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - _MAX_PIECE), end):
            if best[start] == _INF or (start == 0 and end == n):  # the whole is scored apart
                continue
            piece = run[start:end]
            if start == 0 and after_apostrophe and piece in _CONTRACTION_TAILS:
                cost = 0.0
            else:
                cost = _piece_cost(piece, vocabulary, whole=False)
            total = best[start] + cost + _PIECE_PENALTY
            if total < best[end]:
                best[end], back[end] = total, start
    pieces: list[str] = []
    end = n
    while end > 0 and best[n] < _INF:
        start = back[end]
        pieces.append(run[start:end])
        end = start
    pieces.reverse()
    return pieces, best[n] - _PIECE_PENALTY


def _is_strong(pieces: list[str]) -> bool:
    """Safe in any text: common words only (the first may be capitalised), one of them very
    common; or a very common lower-case word glued to a capitalised one (saidFarahani)."""
    costs = word_costs()
    zipfs = [9.0 - costs.get(piece.lower(), 9.0) for piece in pieces]
    if any(
        len(p) >= 2 and p.islower() and z >= _FUNCTION_ZIPF
        for p, z in zip(pieces, zipfs, strict=True)
    ):
        return True
    for index, piece in enumerate(pieces):
        if piece[1:] != piece[1:].lower() or (index and piece[0].isupper()):
            return False
        if zipfs[index] < _STRONG_PIECE_ZIPF:
            return False
    return max(zipfs) >= _FUNCTION_ZIPF


def split_run(
    run: str,
    vocabulary: Container[str] | None = None,
    *,
    after_apostrophe: bool = False,
    damaged: bool = False,
) -> Split | None:
    """Best split of ``run`` (letters only) into words, or None when it should stay whole.

    ``damaged`` says the surrounding text clearly lost spaces, which makes splitting likelier.
    """
    if len(run) < (3 if damaged else 4) or run.isupper():
        return None
    lower = run.lower()
    if lower in common_words() or (vocabulary is not None and lower in vocabulary):
        return None
    if after_apostrophe and lower in _CONTRACTION_TAILS:
        return None
    version = getattr(vocabulary, "version", None)
    if vocabulary is None or version is not None:
        return _split_cached(run, after_apostrophe, damaged, vocabulary, version)
    return _split(run, vocabulary, after_apostrophe, damaged)


@functools.lru_cache(maxsize=65536)
def _split_cached(
    run: str,
    after_apostrophe: bool,
    damaged: bool,
    vocabulary: Container[str] | None,
    version: int | None,
) -> Split | None:
    # Repair asks about the same run several times; a vocabulary's version changes whenever
    # it learns, so cached answers never outlive what they were based on.
    return _split(run, vocabulary, after_apostrophe, damaged)


def _split(
    run: str, vocabulary: Container[str] | None, after_apostrophe: bool, damaged: bool
) -> Split | None:
    whole = _piece_cost(run, vocabulary, whole=True)
    pieces, cost = _viterbi(run, vocabulary, after_apostrophe)
    if damaged:
        whole += _DAMAGED_PRIOR
    if len(pieces) < 2 or whole - cost < (_DAMAGED_MARGIN if damaged else _MARGIN):
        return None
    if _shape(run) == "cap" and not _plausible_name_split(pieces):
        return None
    return Split(tuple(pieces), _is_strong(pieces))


def _plausible_name_split(pieces: list[str]) -> bool:
    """A capitalised run split with a short piece ("An koko", "Do ravel") is usually a name;
    accept it only when its longer pieces are all common words ("In the", "On monday")."""
    if all(len(piece) > 2 for piece in pieces):
        return True
    longer = [piece for piece in pieces if len(piece) > 2]
    costs = word_costs()
    common = 9.0 - _COMMON_PIECE_ZIPF
    return bool(longer) and all(costs.get(p.lower(), _INF) <= common for p in longer)
