"""How surely a gap in a split run shows that the text lost spaces.

A very common word glued to a known word or a name is sure damage (``thecabinet``,
``saidFarahani``, ``The+cabinet``; ``في+الحكومة``); the commonest words glued before a word
are a sign of damage on their own (``thetask``). Where words are built by gluing (German
compounds, Arabic clitics, Persian suffixes), a known word inside an unknown one is no such
sign, so the test is narrower there; where words are built from prefixes and suffixes that
are words too, words are not split at all.
"""

from __future__ import annotations

from newsdesk.repair.lexicon import FUNCTION_ZIPF, Lexicon

# Languages that write compounds as one word, where common words glued are no sign of damage
# except at a change of case (derBundestag).
_COMPOUNDING = frozenset(["de", "nl", "sv", "da", "nb", "is"])
# Languages whose words are split, measured in bench/repair. Elsewhere words built from
# prefixes and suffixes that are words too (Turkish golcü+lerin, Lithuanian ne+iš+duodama)
# are cut wrongly by a unigram model: only spaces after sentence marks are mended there.
_SPLITS_WORDS = _COMPOUNDING | frozenset(
    ["en", "fr", "es", "it", "pt", "ca", "pl", "cs", "sk", "ru", "uk", "bg", "fa", "ar"]
)
_KNOWN_ZIPF = 2.5  # the word on the other side of a sure gap is at least this common
_CASELESS_ZIPF = 3.5  # ... in Persian and Arabic
_TOP_ZIPF = 6.0  # the, of, and, to, is, در, في: glued, sure damage on its own
# Persian suffixes written apart as often as joined: no sign when glued.
_SUFFIXES = frozenset(["های", "هاي", "هایی", "ترین", "ترين", "اند", "ایم", "اید"])


def splits_words(lexicon: Lexicon) -> bool:
    """Are words of this language split at all (or only marks mended)?"""
    return lexicon.code in _SPLITS_WORDS


def sureness(pieces: tuple[str, ...], lexicon: Lexicon) -> tuple[int, ...]:
    """How surely each gap between two pieces is damage: 0 only likely (weak), 1 sure, 2
    sure and a sign of damage on its own."""
    zipfs = [lexicon.zipf(piece) for piece in pieces]
    if not lexicon.cased:
        # The language's short words and its commonest longer ones (است, التي); but not و
        # and other one-letter words, which begin many words too, nor suffixes written
        # apart as often as joined (های).
        glue = [
            (len(piece) >= 2 and piece in lexicon.short)
            or (len(piece) >= 3 and zipf >= _TOP_ZIPF and piece not in _SUFFIXES)
            for piece, zipf in zip(pieces, zipfs, strict=True)
        ]
        return tuple(
            int((glue[i] or glue[i + 1]) and min(zipfs[i], zipfs[i + 1]) >= _CASELESS_ZIPF)
            for i in range(len(pieces) - 1)
        )
    compounding = lexicon.code in _COMPOUNDING
    function = [
        zipf if len(piece) >= 2 and (piece.islower() or index == 0) else 0.0
        for index, (piece, zipf) in enumerate(zip(pieces, zipfs, strict=True))
    ]
    code = len(pieces) > 2 and pieces[0].islower() and all(p[:1].isupper() for p in pieces[1:])
    found = []
    for i in range(len(pieces) - 1):
        left, right = pieces[i], pieces[i + 1]
        if compounding:
            # only at a change of case: derBundestag, not Verstrickt+sein
            found.append(_sure(function[i]) if left.islower() and right[:1].isupper() else 0)
            continue
        # saidFarahani; but factcheckUK, a word glued to an acronym, is as often a brand,
        # and showDeathMessages, all capitalised words after the first, is code
        named = right[:1].isupper() and left.islower() and not right.isupper() and not code
        known = min(zipfs[i], zipfs[i + 1]) >= _KNOWN_ZIPF and right.islower()
        sure = _sure(max(function[i], function[i + 1])) if named or known else 0
        if sure and i == 0 and function[0] >= _TOP_ZIPF and zipfs[1] >= _CASELESS_ZIPF:
            sure = 2  # the commonest words glued before a word: thetask, Atthe
        found.append(sure)
    return tuple(found)


def _sure(zipf: float) -> int:
    """Sureness of a gap next to a word this common."""
    return 1 if zipf >= FUNCTION_ZIPF else 0
