"""The cost of each piece of a run of letters, and the Viterbi search for the run's best split.

A piece costs ``-log10`` of its frequency in the paragraph's language (``lexicon``); a learned
word costs like a fairly common one; unknown pieces are expensive, capitalised unknown pieces
(names) less so, and both climb steeply past about a dozen letters. Short pieces must be
short words of the language (a, I, in, of; de, la; در, از). The search never scores the whole
run; ``segment`` compares the two.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Container

from newsdesk.repair.lexicon import INF, LONGEST, Lexicon, when_let_go
from newsdesk.repair.vocabulary import LEARNED_COST, WordCounts, learned_for, reach_at
from newsdesk.repair.words import GAP_COST, Words

# Real words and names are rarely longer than about a dozen letters; past that, an unknown
# run is far more likely several glued words, so its cost climbs steeply.
_LONG = 12
_SHORT_UPPER = frozenset(["UK", "US", "EU", "UN", "TV", "AI", "UAE"])
_ACRONYM_COST = 7.0
_DAMAGED_NAME, _NAME_LETTERS = 0.7, 5  # see _names_by_length
# The shapes of real camel-case words (McDonald, YouTube, iPhone); inside a run, a known word
# with capitals elsewhere ("toO", "SaraH") is two words glued.
_CAMEL = re.compile(r"(?:[a-z]|[A-Z][a-z]+)(?:[A-Z][a-z]{2,})+")
CONTRACTION_TAILS = frozenset(["s", "t", "re", "ve", "ll", "d", "m"])


def unknown_cost(length: int) -> float:
    return 9.0 + 0.45 * min(length, _LONG) + 1.5 * max(0, length - _LONG)


def name_cost(length: int) -> float:
    return 7.5 + 0.25 * min(length, 10) + 1.2 * max(0, length - 10)


_UNKNOWN_BY_LENGTH = [INF, INF, INF] + [unknown_cost(n) for n in range(3, LONGEST + 1)]


@functools.cache
def _names_by_length(gap: float) -> list[float]:
    """Name costs by length in text where a lost space costs ``gap``: the more spaces the
    text lost, the likelier a long capitalised piece is a name glued to words (Uberseeksto)."""
    extra = _DAMAGED_NAME * (GAP_COST - gap)
    return [INF, INF, INF] + [
        name_cost(n) + extra * max(0, n - _NAME_LETTERS) for n in range(3, LONGEST + 1)
    ]


def known_cost(key: str, lexicon: Lexicon, learned: Container[str] | None) -> float:
    """Cost of a dictionary or learned word (lower-case ``key``); INF when it is neither."""
    cost = lexicon.costs.get(key, INF)
    if learned is not None and key in learned:
        return min(cost, LEARNED_COST)
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
    if not any(char.isupper() or char.islower() for char in piece):
        return "lower"  # a script without case (Arabic)
    return "mixed"


def piece_cost(piece: str, lexicon: Lexicon, learned: Container[str] | None, whole: bool) -> float:
    """Cost of ``piece`` as one word; ``whole`` says it is the entire run."""
    lower = lowered(piece)
    form = shape(piece) if lexicon.cased else "lower"
    if len(piece) <= 2 and not whole:
        if piece in _SHORT_UPPER:
            return 5.0
        if form == "upper" and len(piece) == 2:
            return _ACRONYM_COST  # JS, PM, CS: two-letter acronyms glued to words
        if lower not in lexicon.short or (form == "upper" and len(piece) > 1):
            return INF
        if lower == "i" and piece != "I" and lexicon.code == "en":
            return INF
    known = known_cost(lower, lexicon, learned)
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


def lowered(text: str) -> str:
    """``text`` in lower case, letter for letter (``str.lower`` turns "İ" into two)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _next_capitals(run: str) -> list[int]:
    """Index of the first capital at or after each position (``len(run)`` when none)."""
    n = len(run)
    result = [n] * (n + 1)
    for index in range(n - 1, -1, -1):
        result[index] = index if run[index].isupper() else result[index + 1]
    return result


def _search(
    run: str,
    lexicon: Lexicon,
    words: Container[str] | None,
    learned_reach: dict[str, int] | None,
    after_apostrophe: bool,
    gap: float,
) -> tuple[list[float], list[int]]:
    """Cheapest cost of each prefix of ``run`` and where its last piece starts. ``words``:
    learned words that change a cost; ``learned_reach``: their reach (None: unknown)."""
    n = len(run)
    lower = lowered(run)
    known_from = lexicon.costs.prefixes
    short = _short_costs(lexicon)
    unknown = _UNKNOWN_BY_LENGTH
    bound = lexicon.bound
    capitals = _next_capitals(run) if lexicon.cased else [n] * (n + 1)
    best = [0.0] + [INF] * n
    back = [0] * (n + 1)
    for start in range(n):
        base = best[start]
        if base == INF:
            continue
        base += gap  # each extra word must pay for the space it says was lost
        stop = start + LONGEST if start + LONGEST < n else n
        capital = capitals[start]
        if start + 1 < capital < stop:
            # Two or more lower-case letters, then a capital: no word crosses that capital
            # (only iPhone-like words start with one lower-case letter).
            stop = capital
        lowest = capital if capital < stop else stop  # pieces up to here are lower case
        if start == 0 and lowest == n:
            lowest = n - 1  # the whole run is scored apart
        if start == 0 and after_apostrophe:
            _relax_tail(lower, base, lowest, best, back)
        for end in range(start + 1, (lowest if lowest < start + 2 else start + 2) + 1):
            cost = short.get(lower[start:end], INF)
            if base + cost < best[end]:
                best[end], back[end] = base + cost, start
        if lowest >= start + 3:
            # The lexicon's words that start here, found in one walk down its trie (by
            # where they end); every other piece is unknown, or a learned word.
            known = {start + len(word): cost for word, cost in known_from(lower[start:lowest])
                     if len(word) > 2 and not (bound and start and word in bound)}
            # Past ``learned`` no learned word starts here (its reach table says).
            learned = start
            if words is not None:
                learned += (LONGEST if learned_reach is None
                            else reach_at(learned_reach, lower, start))
            for end in range(start + 3, lowest + 1):
                cost = known.get(end, INF)
                if end <= learned and words is not None and lower[start:end] in words:
                    cost = min(cost, LEARNED_COST)
                if cost == INF:
                    cost = unknown[end - start]
                if base + cost < best[end]:
                    best[end], back[end] = base + cost, start
        if lowest < stop:
            names = _names_by_length(gap)
            _relax_cased(run, lower, start, base, stop, capitals, names, lexicon, words, best, back)
        if lexicon.longest > LONGEST and n - start > LONGEST:
            limit = lowest if capital > start else capitals[start + 1]  # lower, or "Word"
            limit = min(limit, n - 1) if start == 0 else limit  # the whole run is apart
            _relax_long(lower, start, base, limit, lexicon, best, back)
    return best, back


def _short_costs(lexicon: Lexicon) -> dict[str, float]:
    """Costs of the language's short words as lower-case pieces (English "i" stands alone
    only as "I")."""
    found = _SHORT_COSTS.get(lexicon)
    if found is None:
        found = _SHORT_COSTS[lexicon] = {
            word: lexicon.costs.get(word, INF)
            for word in lexicon.short
            if not (word == "i" and lexicon.code == "en")
        }
    return found


_SHORT_COSTS: weakref.WeakKeyDictionary[Lexicon, dict[str, float]] = weakref.WeakKeyDictionary()


def _relax_tail(lower: str, base: float, lowest: int, best: list, back: list) -> None:
    """The tail of a contraction that the run starts with (’s, ’t, ’re), free."""
    for tail in CONTRACTION_TAILS:
        end = len(tail)
        if end <= lowest and lower.startswith(tail) and base < best[end]:
            best[end], back[end] = base, 0


def _relax_cased(
    run: str,
    lower: str,
    start: int,
    base: float,
    stop: int,
    capitals: list[int],
    names: list[float],
    lexicon: Lexicon,
    words: Container[str] | None,
    best: list[float],
    back: list[int],
) -> None:
    """Pieces from ``start`` that hold a capital: Capitalised words and names, acronyms."""
    n = len(run)
    capital = capitals[start]
    plain = capital if capital > start else capitals[start + 1]  # end of the "Word" shape
    for end in range(max(start + 1, min(capital, stop) + 1), stop + 1):
        if start == 0 and end == n:
            continue  # the whole run is scored apart
        if end <= plain and end - start > 2:  # Capitalised: a known word or a name
            piece = lower[start:end]
            cost = lexicon.costs.get(piece, INF)
            if words is not None and piece in words:
                cost = min(cost, LEARNED_COST)
            if cost == INF:
                cost = names[end - start]
        else:
            cost = piece_cost(run[start:end], lexicon, words, whole=False)
        if base + cost < best[end]:
            best[end], back[end] = base + cost, start


def _relax_long(
    lower: str, start: int, base: float, limit: int, lexicon: Lexicon, best: list, back: list
) -> None:
    """Known words longer than LONGEST letters (German compounds) starting at ``start`` and
    ending by ``limit``."""
    limit = min(limit, start + lexicon.longest)
    if limit - start <= LONGEST or not lexicon.costs.begins(lower[start : start + LONGEST + 1]):
        return  # (most places: the text there starts no word that long)
    for word, cost in lexicon.costs.prefixes(lower[start:limit]):
        end = start + len(word)
        if end - start > LONGEST and base + cost < best[end]:
            best[end], back[end] = base + cost, start


def best_pieces(
    run: str, words: Words, after_apostrophe: bool = False
) -> tuple[tuple[str, ...], float]:
    """The cheapest split of ``run`` into two or more pieces, and its cost (INF: none)."""
    learned, lexicon, gap = words.learned, words.lexicon, words.gap_cost
    if learned is None:
        return _best_cached(run, after_apostrophe, lexicon, gap)
    if not isinstance(learned, WordCounts):
        return _best(run, lexicon, learned, after_apostrophe, gap)
    # A split depends on the learned words inside the run only: an answer cached before
    # more words were learned still holds unless one of them is part of the run.
    view = learned_for(learned, lexicon)
    assert view is not None
    cache = _SPLITS.setdefault(learned, {})
    key = (run, after_apostrophe, lexicon.code, gap)
    found = cache.get(key)
    if found is not None and (found[2] == len(view.order)
                              or not view.any_since(found[2], lowered(run))):
        cache[key] = (found[0], found[1], len(view.order))
        return found[0], found[1]
    if len(cache) >= _SPLITS_KEPT:
        cache.clear()
    pieces, cost = _best(run, lexicon, learned, after_apostrophe, gap)
    cache[key] = (pieces, cost, len(view.order))
    return pieces, cost


# Per learned vocabulary: (run, after apostrophe, language, gap cost) -> (pieces, cost, how
# many learned words there were then). A text's runs are looked at several times (the scan,
# its second pass, the learning); across articles they hardly recur: 4,096 entries instead of
# 65,536 cost 26 more searches in 26,815 over 3,000 invented articles and 1 in 33,467 over
# the real-pages corpus, and 56-78 MiB less resident at 100,000 articles (docs/ingest.md).
_SPLITS: weakref.WeakKeyDictionary[
    WordCounts, dict[tuple[str, bool, str, float], tuple[tuple[str, ...], float, int]]
] = weakref.WeakKeyDictionary()
_SPLITS_KEPT = 4096


@functools.lru_cache(maxsize=_SPLITS_KEPT)
def _best_cached(
    run: str, after_apostrophe: bool, lexicon: Lexicon, gap: float,
) -> tuple[tuple[str, ...], float]:
    return _best(run, lexicon, None, after_apostrophe, gap)


def _best(
    run: str, lexicon: Lexicon, learned: Container[str] | None, after_apostrophe: bool, gap: float
) -> tuple[tuple[str, ...], float]:
    view = learned_for(learned, lexicon)
    if view is None:  # a plain container: every piece is looked up in it
        best, back = _search(run, lexicon, learned, None, after_apostrophe, gap)
    else:
        words = view.words or None
        best, back = _search(run, lexicon, words, view.reach, after_apostrophe, gap)
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
    return tuple(pieces), best[n] - gap


when_let_go(_best_cached.cache_clear)  # its keys hold lexicons


def clear_cache() -> None:
    """Forget cached splits (benchmarks use this to time cold runs)."""
    _best_cached.cache_clear()
    _SPLITS.clear()
