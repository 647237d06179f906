"""Splitting one run of letters into words, only when leaving it whole is far less likely.

A Viterbi search over the run scores each piece by its word cost in the paragraph's language
(``lexicon``), the learned words and its capitalisation. Unknown pieces are expensive, so
names and rare words are not chopped into common fragments; the best split must beat the
whole run by ``_MARGIN``.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from newsdesk.repair.evidence import splits_words, sureness
from newsdesk.repair.lexicon import COMMON_ZIPF, INF, Lexicon, when_let_go
from newsdesk.repair.viterbi import (
    CONTRACTION_TAILS,
    best_pieces,
    known_cost,
    lowered,
    piece_cost,
    shape,
)
from newsdesk.repair.vocabulary import WordCounts
from newsdesk.repair.words import GAP_COST, Words

_MARGIN = 1.5  # log10 units: the split must be ~30x likelier than the whole
# In text that clearly lost spaces elsewhere, an unknown or rare run is likely glued too.
_DAMAGED_PRIOR = 2.0
_PRIOR_PER_GAP = 3.0  # ... up to this much more for runs longer than _WORD_LENGTHS words
_WORD_LENGTHS = 1.5
_DAMAGED_MARGIN = 0.75
_COMMON_PIECE_ZIPF = 3.3  # see _plausible_name_split
_NAME_PIECES = 3  # a capitalised run read as more words than this is no name
_MISSPELT_LENGTHS = (5, 12)
_DROPPED_LENGTH = 8
_MISSPELT_ZIPF = 3.5


_LETTER_RUN = re.compile(r"[^\W\d_]+")
_FIT_GAP_COST = 0.3


@dataclass(frozen=True, slots=True)
class Split:
    """How a run of letters divides into words; ``sureness`` says, for each gap between two
    pieces, how surely it is damage: 0 only likely (weak), 1 sure, 2 sure and a sign of
    damage on its own (the commonest words glued: thetask)."""

    pieces: tuple[str, ...]
    sureness: tuple[int, ...]


def split_run(
    run: str, words: Words, *, after_apostrophe: bool = False, damaged: bool = False
) -> Split | None:
    """Best split of ``run`` (letters only) into words, or None when it should stay whole.

    ``damaged`` says the surrounding text clearly lost spaces, which makes splitting likelier.
    """
    lexicon, learned = words.lexicon, words.learned
    if not splits_words(lexicon):
        return None  # not measured: the unigram model cuts its words at prefixes and suffixes
    if after_apostrophe and damaged and lexicon.code == "en":
        tail = _contraction_tail(run, words)
        if tail is not None:
            return tail
    if len(run) < (3 if damaged else 4) or (run.isupper() and lexicon.cased):
        return None
    lower = lowered(run)
    if lexicon.knows(lower, COMMON_ZIPF) or (learned is not None and lower in learned):
        return None
    if after_apostrophe and lower in CONTRACTION_TAILS:
        return None
    answers = _answers(learned)
    if answers is None:
        return _searched(run, lower, words, after_apostrophe, damaged)
    key = (run, lexicon, words.gap_cost, after_apostrophe, damaged)
    found = answers.get(key, _UNKNOWN)
    if found is _UNKNOWN:
        if len(answers) >= _ANSWERS_KEPT:
            answers.clear()
        found = answers[key] = _searched(run, lower, words, after_apostrophe, damaged)
    return found  # type: ignore[return-value]


def _searched(
    run: str, lower: str, words: Words, after_apostrophe: bool, damaged: bool
) -> Split | None:
    """`split_run` past its quick answers: the segmenter's best split, and the checks on it."""
    lexicon = words.lexicon
    pieces = _split(run, words, after_apostrophe, damaged)
    if damaged:
        pieces = _resplit_damaged(pieces or (run,), words)
    if pieces is None or len(pieces) < 2:
        return None
    if len(pieces) == 2 and _misspelt(lower, lexicon):
        return None  # "beteen" is "between" with a letter lost, not "be teen"
    return Split(pieces, sureness(pieces, lexicon))


# A text's runs are split again and again: a name in every paragraph, the scan's second
# look, the learning (invented articles: 28 splits of 6 runs each; real pages: 138 of 49).
# The answers given since the learned words last changed are kept, per learned vocabulary
# (None: none), and forgotten with it.
_UNKNOWN = object()
_ANSWERS_KEPT = 4096
_answers_unlearned: dict[tuple[object, ...], Split | None] = {}
_answers_by_learned: weakref.WeakKeyDictionary[
    WordCounts, tuple[int, dict[tuple[object, ...], Split | None]]
] = weakref.WeakKeyDictionary()


def _answers(learned: object) -> dict[tuple[object, ...], Split | None] | None:
    """The answers kept for ``learned`` as it is now; None for words that do not say when
    they change (a plain set)."""
    if learned is None:
        return _answers_unlearned
    if not isinstance(learned, WordCounts):
        return None
    kept = _answers_by_learned.get(learned)
    if kept is None or kept[0] != learned.version:
        kept = _answers_by_learned[learned] = (learned.version, {})
    return kept[1]


def _forget_answers() -> None:
    _answers_unlearned.clear()
    _answers_by_learned.clear()


when_let_go(_forget_answers)  # their keys hold lexicons


def _misspelt(word: str, lexicon: Lexicon) -> bool:
    """Is ``word`` a common word with one letter dropped or doubled?"""
    if not _MISSPELT_LENGTHS[0] <= len(word) <= _MISSPELT_LENGTHS[1]:
        return False
    known = lexicon.costs.get
    limit = 9.0 - _MISSPELT_ZIPF
    for at in range(1, len(word)):
        if word[at] == word[at - 1] and known(word[:at] + word[at + 1 :], INF) <= limit:
            return True
    if len(word) < _DROPPED_LENGTH or not lexicon.cased:
        # short glued pairs are often a letter away from some word; and in Arabic script,
        # whose words are built from roots, nearly every word is
        return False
    for at in range(1, len(word)):
        head, tail = word[:at], word[at:]
        if any(known(head + letter + tail, INF) <= limit for letter in lexicon.alphabet):
            return True
    return False


def _contraction_tail(run: str, words: Words) -> Split | None:
    """A word glued to the tail of a contraction before it ("Agency’sport", "don’tknow")."""
    for tail in CONTRACTION_TAILS:
        rest = run[len(tail) :]
        if run.startswith(tail) and len(rest) >= 2 and words.known(rest):
            return Split((tail, rest), (0,))
    return None


def _split(run: str, words: Words, after_apostrophe: bool, damaged: bool) -> tuple[str, ...] | None:
    whole = piece_cost(run, words.lexicon, words.learned, whole=True)
    pieces, cost = best_pieces(run, words, after_apostrophe)
    margin = _MARGIN
    if damaged and known_cost(lowered(run), words.lexicon, words.learned) == INF:
        # In text that lost spaces, an unknown run is likely glued words: the more spaces
        # the text lost (the cheaper a lost space), the likelier.
        longer = max(0.0, len(run) / words.lexicon.mean_length - _WORD_LENGTHS)
        whole += _DAMAGED_PRIOR + _PRIOR_PER_GAP * (GAP_COST - words.gap_cost) * min(1.0, longer)
        margin = _DAMAGED_MARGIN
    if len(pieces) < 2 or whole - cost < margin:
        return None
    if (
        shape(run) == "cap"
        and len(pieces) <= _NAME_PIECES
        and not _plausible_name_split(pieces, words.lexicon)
    ):
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


def _resplit_damaged(pieces: tuple[str, ...], words: Words) -> tuple[str, ...]:
    """Second look at the pieces of a run in damaged text: a name glued to the word after it
    (English), and unknown lower-case pieces that divide wholly into known words
    ("uniontoactso")."""
    result: list[str] = []
    for piece in pieces:
        if len(piece) >= _MIN_GLUED and shape(piece) == "lower":
            result.extend(_known_words_only(piece, words))
        elif words.lexicon.code == "en":
            result.extend(_name_and_follower(piece, words))
        else:
            result.append(piece)
    return tuple(result)


def _known_words_only(piece: str, words: Words) -> tuple[str, ...]:
    """``piece`` split into known words when it is unknown and such a split exists."""
    lexicon, learned = words.lexicon, words.learned
    if known_cost(lowered(piece), lexicon, learned) < INF:
        return (piece,)
    split, _ = best_pieces(piece, words)
    if split and all(known_cost(lowered(part), lexicon, learned) < INF for part in split):
        return split
    return (piece,)


def _name_and_follower(piece: str, words: Words) -> tuple[str, ...]:
    """An unknown capitalised piece = a name + a follower + known words ("Kaensaidthe")."""
    lexicon, learned = words.lexicon, words.learned
    if len(piece) < _MIN_NAME + 3 or shape(piece) != "cap":
        return (piece,)
    lower = piece.lower()
    if known_cost(lower, lexicon, learned) < INF:
        return (piece,)
    best: tuple[str, ...] = (piece,)
    best_cost = INF
    for cut in range(_MIN_NAME, len(piece) - 2):
        for follower in _NAME_FOLLOWERS:
            if not lower.startswith(follower, cut):
                continue
            end = cut + len(follower)
            after = (piece[cut:end],)
            if end < len(piece):
                after += _known_words_only(piece[end:], words)
            cost = piece_cost(piece[:cut], lexicon, learned, whole=True) + sum(
                known_cost(word, lexicon, learned) + words.gap_cost for word in after
            )
            if cost < best_cost:  # "Shazeh replied", not "Shaze are plied"
                best, best_cost = (piece[:cut], *after), cost
    return best


def _plausible_name_split(pieces: tuple[str, ...], lexicon: Lexicon) -> bool:
    """A capitalised run read with a short word next to a rare piece ("An koko", "Oyelar
    an", "Do ravel") is usually a name: each short piece needs a common word beside it,
    after it when it comes first, before it otherwise ("In the", "sits at")."""
    for index, piece in enumerate(pieces):
        if len(piece) <= 2:
            beside = pieces[index + 1] if index == 0 else pieces[index - 1]
            if len(beside) > 2 and lexicon.zipf(beside) < _COMMON_PIECE_ZIPF:
                return False
    return True


def vocabulary_fit(text: str, lexicon: Lexicon, gap_cost: float = _FIT_GAP_COST) -> float:
    """How well ``text``'s words, glued or not, are explained by ``lexicon``: the cost per
    letter of their cheapest reading as words (lower is better; ~0.6 for the language's own
    prose). A run is read whole only when the lexicon knows it: anything reads as a name."""
    words = Words(lexicon, gap_cost=gap_cost)
    total = letters = 0.0
    for match in _LETTER_RUN.finditer(text):
        run = match.group()
        _, cost = best_pieces(run, words)
        total += min(known_cost(lowered(run), lexicon, None), cost)
        letters += len(run)
    return total / letters if letters else INF
