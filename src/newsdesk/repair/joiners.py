"""Persian zero-width non-joiners lost in copying: ``میشود`` back to ``می‌شود``.

The non-joiner keeps the parts of one word apart without a space: the verb prefix ``می``,
plural and other suffixes (``ها``, ``های``, ``ای``, ``اند``), the halves of compounds
(``بین‌المللی``). Pipelines that strip "invisible" characters lose all of them at once, so the
evidence is a text in which none is left while several of its words are spelt, in Persian
as it is written, with one. A word gets its non-joiner back:

* after the prefix ``می``/``نمی`` when the rest is a known word and the whole is not a
  common word itself (``میخورم``, but never ``میدان``);
* where the lexicon knows the form with it and finds it more common than the word as it
  stands (``بینالمللی`` -> ``بین‌المللی``);
* before a suffix when the stem is known and ends in ``ه`` (``رسانهها``), or the whole word
  is not a common word itself (``فیلمهای``, but not ``کشورها``, often written joined).
"""

from __future__ import annotations

import re

from newsdesk.repair.lexicon import ZWNJ, Lexicon

_WORD = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]{4,}")
_MIN_ZIPF = 3.0  # the form with a non-joiner is a word in its own right
_MARGIN = 0.5  # ... and at least three times as common as the word as written
_EVIDENCE = 1  # verbs with their prefix joined
_PREFIXES = ("نمی", "نمي", "می", "مي")
_SUFFIXES = ("هایی", "هايي", "های", "هاي", "ها", "ترین", "ترين", "تر", "اند", "ای", "اي", "ایم",
             "ايم", "اید", "ايد")  # fmt: skip
_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ك": "ک"})  # older copy uses the Arabic forms

Span = tuple[int, int, str]


def _zipf(word: str, lexicon: Lexicon) -> float:
    """Zipf of ``word`` as spelt, or with Persian yeh and kaf, whichever is known better."""
    return max(lexicon.zipf(word), lexicon.zipf(word.translate(_PERSIAN_LETTERS)))


def _from_lexicon(word: str, lexicon: Lexicon) -> int | None:
    written = _zipf(word, lexicon)
    best, best_zipf = None, max(_MIN_ZIPF, written + _MARGIN)
    for cut in range(2, len(word) - 1):
        zipf = _zipf(word[:cut] + ZWNJ + word[cut:], lexicon)
        if zipf >= best_zipf:
            best, best_zipf = cut, zipf
    return best


def _after_prefix(word: str, lexicon: Lexicon) -> int | None:
    """After the verb prefix, when the rest is a known word and the whole is not common."""
    if _zipf(word, lexicon) >= _MIN_ZIPF and not _zipf_with(word, lexicon):
        return None  # میدان, میلیون: words of their own
    for prefix in _PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 3 and _zipf(rest, lexicon) >= _MIN_ZIPF:
            return len(prefix)
    return None


def _zipf_with(word: str, lexicon: Lexicon) -> bool:
    """Does the lexicon know ``word`` with a non-joiner after a verb prefix?"""
    return any(
        word.startswith(p) and _zipf(p + ZWNJ + word[len(p) :], lexicon) > 0 for p in _PREFIXES
    )


def _before_suffix(word: str, lexicon: Lexicon) -> int | None:
    common = _zipf(word, lexicon) >= _MIN_ZIPF
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2 and _zipf(stem, lexicon) >= _MIN_ZIPF:
            return len(stem) if stem.endswith("ه") or not common else None
    return None


def joiner_spans(text: str, lexicon: Lexicon) -> list[Span]:
    """Insertions of a non-joiner into ``text`` (Persian), when it shows it lost them: none
    is left, and verbs are written with their prefix joined (``میشود``), which Persian
    written without non-joiners spells apart (``می شود``)."""
    if ZWNJ in text or lexicon.code != "fa":
        return []
    spans: list[Span] = []
    prefixed = 0
    for match in _WORD.finditer(text):
        word = match.group()
        cut = _after_prefix(word, lexicon)
        prefixed += cut is not None
        if cut is None:
            cut = _from_lexicon(word, lexicon)
        if cut is None:
            cut = _before_suffix(word, lexicon)
        if cut is not None:
            spans.append((match.start() + cut, match.start() + cut, ZWNJ))
    return spans if prefixed >= _EVIDENCE else []
