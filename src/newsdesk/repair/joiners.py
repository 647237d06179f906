"""Persian zero-width non-joiners lost in copying: ``میشود`` back to ``می‌شود``.

The non-joiner keeps the parts of one word apart without a space (the verb prefix ``می``,
the plural ``ها``, the suffix ``ای``). Pipelines that strip "invisible" characters lose all
of them at once, so the evidence is a text in which none is left while several of its words
are spelt, in Persian as it is written, with one. Each such word gets the non-joiner back
where the lexicon knows the joined-apart form and finds it far more common than the word as
it stands.
"""

from __future__ import annotations

import re

from newsdesk.repair.lexicon import Lexicon

ZWNJ = "\u200c"
_WORD = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]{4,}")
_MIN_ZIPF = 3.0  # the form with a non-joiner is a word in its own right
_MARGIN = 0.5  # ... and at least three times as common as the word as written
_EVIDENCE = 2  # words in the text that want a non-joiner back

Span = tuple[int, int, str]


def _best_cut(word: str, lexicon: Lexicon) -> int | None:
    """Where a non-joiner belongs in ``word`` (None: nowhere, or not sure)."""
    written = lexicon.zipf(word)
    best, best_zipf = None, max(_MIN_ZIPF, written + _MARGIN)
    for cut in range(2, len(word) - 1):
        zipf = lexicon.zipf(word[:cut] + ZWNJ + word[cut:])
        if zipf >= best_zipf:
            best, best_zipf = cut, zipf
    return best


def joiner_spans(text: str, lexicon: Lexicon) -> list[Span]:
    """Insertions of a non-joiner into ``text`` (Persian), when it visibly lost them all."""
    if ZWNJ in text or lexicon.code != "fa":
        return []
    spans: list[Span] = []
    for match in _WORD.finditer(text):
        cut = _best_cut(match.group(), lexicon)
        if cut is not None:
            spans.append((match.start() + cut, match.start() + cut, ZWNJ))
    return spans if len(spans) >= _EVIDENCE else []
