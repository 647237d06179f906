"""Splitting one run of letters into words, only when leaving it whole is far less likely.

A Viterbi search over the run scores each piece by its word cost (``wordcosts``), the learned
vocabulary and its capitalisation. Unknown pieces are expensive, so names and rare words are
not chopped into common fragments; the best split must beat the whole run by ``_MARGIN``.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from newsdesk.repair.viterbi import (
    CONTRACTION_TAILS,
    INF,
    PIECE_PENALTY,
    best_pieces,
    known_cost,
    piece_cost,
    shape,
)
from newsdesk.repair.wordcosts import common_words, word_costs

_MARGIN = 1.5  # log10 units: the split must be ~30x likelier than the whole
# In text that clearly lost spaces elsewhere, an unknown or rare run is likely glued too.
_DAMAGED_PRIOR = 2.0
_DAMAGED_MARGIN = 0.75
_COMMON_PIECE_ZIPF = 3.3  # see _plausible_name_split
_STRONG_PIECE_ZIPF = 2.5  # every piece of a "strong" split is at least this common
_FUNCTION_ZIPF = 5.0  # ... and at least one is this common (the, of, and, said ...)


@dataclass(frozen=True, slots=True)
class Split:
    """How a run of letters divides into words; ``strong`` splits need no damaged context."""

    pieces: tuple[str, ...]
    strong: bool


def _is_strong(pieces: tuple[str, ...]) -> bool:
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
    if after_apostrophe and lower in CONTRACTION_TAILS:
        return None
    pieces = _split(run, vocabulary, after_apostrophe, damaged)
    if damaged:
        pieces = _resplit_damaged(pieces or (run,), vocabulary)
    if pieces is None or len(pieces) < 2:
        return None
    return Split(pieces, _is_strong(pieces))


def _split(
    run: str, vocabulary: Container[str] | None, after_apostrophe: bool, damaged: bool
) -> tuple[str, ...] | None:
    whole = piece_cost(run, vocabulary, whole=True)
    pieces, cost = best_pieces(run, vocabulary, after_apostrophe)
    if damaged:
        whole += _DAMAGED_PRIOR
    if len(pieces) < 2 or whole - cost < (_DAMAGED_MARGIN if damaged else _MARGIN):
        return None
    if shape(run) == "cap" and not _plausible_name_split(pieces):
        return None
    return pieces


# Words that follow a name in news copy. In damaged text an unknown capitalised piece ending
# in one of them ("Kazoevsaid") is taken as a name glued to it; clean text never gets here.
_NAME_FOLLOWERS = (
    "said",
    "says",
    "told",
    "and",
    "will",
    "who",
    "was",
    "has",
    "had",
    "would",
    "spent",
    "added",
    "signed",
    "replied",
    "admitted",
    "argued",
    "are",
    "were",
)
_MIN_NAME = 4
_MIN_GLUED = 6  # an unknown lower-case piece this long in damaged text is likely glued words


def _resplit_damaged(pieces: tuple[str, ...], vocabulary: Container[str] | None) -> tuple[str, ...]:
    """Second look at the pieces of a run in damaged text: a name glued to the word after it,
    and unknown lower-case pieces that divide wholly into known words ("uniontoactso")."""
    result: list[str] = []
    for piece in pieces:
        if len(piece) >= _MIN_GLUED and piece.islower():
            result.extend(_known_words_only(piece, vocabulary))
        else:
            result.extend(_name_and_follower(piece, vocabulary))
    return tuple(result)


def _known_words_only(piece: str, vocabulary: Container[str] | None) -> tuple[str, ...]:
    """``piece`` split into known words when it is unknown and such a split exists."""
    if known_cost(piece, vocabulary) < INF:
        return (piece,)
    split, _ = best_pieces(piece, vocabulary)
    if split and all(known_cost(part.lower(), vocabulary) < INF for part in split):
        return split
    return (piece,)


def _name_and_follower(piece: str, vocabulary: Container[str] | None) -> tuple[str, ...]:
    """An unknown capitalised piece = a name + a follower + known words ("Kaensaidthe")."""
    if len(piece) < _MIN_NAME + 3 or shape(piece) != "cap":
        return (piece,)
    lower = piece.lower()
    if known_cost(lower, vocabulary) < INF:
        return (piece,)
    best: tuple[str, ...] = (piece,)
    best_cost = INF
    for cut in range(_MIN_NAME, len(piece) - 2):
        for follower in _NAME_FOLLOWERS:
            if not lower.startswith(follower, cut):
                continue
            end = cut + len(follower)
            words = (piece[cut:end],)
            if end < len(piece):
                words += _known_words_only(piece[end:], vocabulary)
            cost = piece_cost(piece[:cut], vocabulary, whole=True) + sum(
                known_cost(word, vocabulary) + PIECE_PENALTY for word in words
            )
            if cost < best_cost:  # "Shazeh replied", not "Shaze are plied"
                best, best_cost = (piece[:cut], *words), cost
    return best


def _plausible_name_split(pieces: tuple[str, ...]) -> bool:
    """A capitalised run split with a short piece ("An koko", "Do ravel") is usually a name;
    accept it only when its longer pieces are all common words ("In the", "On monday")."""
    if all(len(piece) > 2 for piece in pieces):
        return True
    longer = [piece for piece in pieces if len(piece) > 2]
    costs = word_costs()
    common = 9.0 - _COMMON_PIECE_ZIPF
    return bool(longer) and all(costs.get(p.lower(), INF) <= common for p in longer)
