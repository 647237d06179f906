"""Which language and script a text is in, decided before anything in it is touched.

Language identification is py3langid's Naive Bayes model, restricted to the languages the
repair has a vocabulary for (wordfreq's). A text is *uncertain* when the model is not
confident enough; the repair leaves uncertain text alone.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from newsdesk.repair.lexicon import wordfreq_languages

# langid's codes that wordfreq spells differently.
_TO_WORDFREQ = {"no": "nb", "tl": "fil", "hr": "sh", "sr": "sh", "bs": "sh"}
_SCRIPTS = (
    ("latin", re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")),
    ("arabic", re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("greek", re.compile(r"[\u0370-\u03ff]")),
    ("hebrew", re.compile(r"[\u05d0-\u05ea]")),
)
_SAMPLE = 1000  # characters looked at (the model reads them all): news prose is clear by then
# Letters Persian has and Arabic has not (پ چ ژ گ): the model confuses the two languages on
# Persian written with Arabic yeh and kaf, as older Persian copy is.
_PERSIAN_LETTERS = re.compile(r"[\u067e\u0686\u0698\u06af]")
_PERSIAN_SHARE = 0.003
_CANDIDATES = 3
_CANDIDATE_CONFIDENCE = 0.05


@dataclass(frozen=True, slots=True)
class Language:
    """A text's language (a wordfreq code, or None when unknown or uncertain) and script;
    ``candidates``: the model's likeliest languages, for a caller that can test them."""

    code: str | None
    script: str
    confidence: float = 0.0
    candidates: tuple[str, ...] = ()


@functools.cache
def _identifier():  # type: ignore[no-untyped-def]
    from newsdesk.repair.language_model import load

    available = wordfreq_languages()
    usable = {code for code, ours in _TO_WORDFREQ.items() if ours in available}
    return load(usable | set(available))


def script_of(text: str) -> str:
    """The script most of the letters of ``text`` are in ("latin", "arabic" ...; "other" for
    the rest, "none" when there are no letters)."""
    sample = text[:_SAMPLE]
    best, most = "none", 0
    for name, pattern in _SCRIPTS:
        count = len(pattern.findall(sample))
        if count * 2 > len(sample):
            return name  # most characters are letters of this script
        if count > most:
            best, most = name, count
    if best != "none" and most * 2 < sum(char.isalpha() for char in sample):
        return "other"  # mostly letters of a script without a vocabulary here (CJK, Thai...)
    return best


def hint_code(hint: str | None) -> str | None:
    """A declared language ("en-GB", "PT_br") as the wordfreq code it names."""
    code = re.split(r"[-_]", hint or "")[0].lower()
    return _TO_WORDFREQ.get(code, code) or None


def identify(text: str, hint: str | None = None, *, min_confidence: float = 0.5) -> Language:
    """The language of ``text``: the model's first choice when it is at least
    ``min_confidence`` sure and twice as sure as of its second. ``hint`` (e.g. the page's
    declared language) is taken when the model is unsure but names it first or second."""
    return _identify(text[:_SAMPLE], hint, min_confidence)


# An article's body is identified for the article, for its own repair and for learning its
# words: the model reads it once.
@functools.lru_cache(maxsize=256)
def _identify(sample: str, hint: str | None, min_confidence: float) -> Language:
    script = script_of(sample)
    if script in ("none", "other"):
        return Language(None, script)
    ranked = _ranked(sample)
    (code, confidence), (_, second) = ranked[:2]
    if script == "arabic" and code in ("ar", "fa"):
        persian = len(_PERSIAN_LETTERS.findall(sample)) >= _PERSIAN_SHARE * len(sample)
        code = "fa" if persian else code
    candidates = (code, *(c for c, p in ranked[1:] if p >= _CANDIDATE_CONFIDENCE))
    if confidence >= min_confidence and confidence >= 2 * second:
        return Language(code, script, confidence, candidates)
    hint = hint_code(hint)
    if hint and hint in (code, ranked[1][0]):
        return Language(hint, script, confidence, candidates)
    return Language(None, script, confidence, candidates)


@functools.lru_cache(maxsize=256)
def _ranked(sample: str) -> tuple[tuple[str, float], ...]:
    """The model's likeliest languages for ``sample``, best first (wordfreq codes)."""
    ranked = _identifier().rank(sample)[:_CANDIDATES]
    return tuple((_TO_WORDFREQ.get(code, code), p) for code, p in ranked)
