"""Repairing one text or one article: the public entry points of ``newsdesk.repair``.

Encoding and whitespace are mended over the whole text. Spacing (and Persian non-joiners)
are mended paragraph by paragraph, each with the vocabulary of its own language: the text's
language is identified once, a paragraph's own when it is long enough and something in it
looks wrong, and a paragraph whose language is uncertain or has no vocabulary here is left as
it is.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass, field

from newsdesk.records import Article, Edit
from newsdesk.repair import unicode
from newsdesk.repair.edits import Span, apply_spans, compose, to_edits
from newsdesk.repair.errors import RepairError
from newsdesk.repair.joiners import joiner_spans
from newsdesk.repair.language import Language, hint_code, identify
from newsdesk.repair.lexicon import ZWNJ, lexicon, script_of_language
from newsdesk.repair.protected import without_addresses
from newsdesk.repair.segment import vocabulary_fit
from newsdesk.repair.spacing import Scan, lost_share, scan, spacing_gaps
from newsdesk.repair.words import Words

_RUN = re.compile(r"\S+")
_LETTER = re.compile(r"[^\W\d_]")
_PARAGRAPH = re.compile(r"[^\n]+")
_OWN_LANGUAGE = 120  # a paragraph this long can be identified on its own; shorter ones can't
# Shorter than this, a title the model reads as another language than the page's (in the
# page's script) is left alone: on an English network "Lyziastad: Are those account la plus"
# loaded the French word list into every worker.
_TRUSTED_GUESS = 60
# A guess on short or unsure text is taken when its vocabulary explains the text this well
# (cost per letter; a language's own prose reads at about 0.6-0.9, another's at 1.1 or more).
_FIT_SAMPLE = 400
_FIT_GOOD = 1.05
_WORD_LETTERS, _GLUED = 5.5, 0.35  # see spacing.lost_share


@dataclass(slots=True)
class Repaired:
    """A repaired text, the edits that made it from the original, and damage before/after."""

    text: str
    edits: list[Edit] = field(default_factory=list)
    damage_before: float = 0.0
    damage_after: float = 0.0


def _check(text: object, name: str) -> str:
    if not isinstance(text, str):
        raise RepairError(f"{name} must be a str, got {type(text).__name__}.")
    return text


@dataclass(slots=True)
class _Paragraph:
    start: int
    text: str
    words: Words | None  # None: left alone (no vocabulary, or language uncertain)
    scan: Scan | None


def _paragraphs(
    text: str, learned: Container[str] | None, hint: str | None
) -> Iterator[_Paragraph]:
    """Each paragraph of ``text`` with the words of its language and its scan.

    A paragraph is first read in the text's language. Only when that finds something to
    mend, and the paragraph is long enough to tell, is its own language identified; when it
    differs (a quote in another language), the paragraph is read again in its own.
    """
    document: Language | None = None
    alone = False
    for match in _PARAGRAPH.finditer(text):
        paragraph = match.group()
        if not _LETTER.search(paragraph):
            continue
        if document is None:
            document = _identified(text, hint)
            alone = len(paragraph) > len(text) - 2  # the text is this one paragraph
        words = _words(document.code, learned)
        found = scan(paragraph, words) if words else None
        if (found is None or found.evidence) and len(paragraph) >= _OWN_LANGUAGE and not alone:
            own = identify(paragraph, document.code)
            if own.code != document.code:
                words = _words(own.code, learned)
                found = scan(paragraph, words) if words else None
        yield _Paragraph(match.start(), paragraph, words, found)


def _words(code: str | None, learned: Container[str] | None) -> Words | None:
    found = lexicon(code) if code else None
    return Words(found, learned) if found else None


def _identified(text: str, hint: str | None) -> Language:
    """``text``'s language. The model is checked against the vocabularies when it is unsure,
    or the text is short and glued (the model reads too little of it): its first guess is
    taken if that language's words explain the text well, else its second guess if that
    one's do; else the model's answer stands (a confident guess, or none)."""
    found = identify(text, hint)
    declared = hint_code(hint)
    if declared and found.code != declared and len(text) < _OWN_LANGUAGE:
        # too short for the model to tell (a title, a standfirst): the page's language is
        # taken when it reads the text well. When it does not and the text is in the page's
        # script, the model's guess stands: no other word list is loaded to try it
        if _fits(text, declared):
            return dataclasses.replace(found, code=declared)
        if script_of_language(declared) == found.script:
            # a guess from a few words is no reason to load its word list: left alone
            return found if len(text) >= _TRUSTED_GUESS else dataclasses.replace(found, code=None)
    if found.code is not None and found.code == hint:
        return found
    short_and_glued = len(text) < _FIT_SAMPLE and lost_share(text, _WORD_LETTERS) > _GLUED
    if found.code is not None and not short_and_glued:
        return found
    for code in found.candidates[:2]:
        if _fits(text, code):
            return dataclasses.replace(found, code=code)
    return found


def _fits(text: str, code: str) -> bool:
    """Do language ``code``'s words explain (the start of) ``text`` well?"""
    words = lexicon(code)
    if words is None:
        return False
    # read as the scan will read it, so its segmentations are cached for the scan
    gap = Words(words).damaged(lost_share(text, words.mean_length)).gap_cost
    return vocabulary_fit(without_addresses(text[:_FIT_SAMPLE]), words, gap) <= _FIT_GOOD


def damage_score(
    text: str, vocabulary: Container[str] | None = None, language: str | None = None
) -> float:
    """Share (0..1) of whitespace-delimited tokens that look damaged: glued where the text
    shows the evidence the repair needs to mend it, or mojibake."""
    _check(text, "text")
    return _damage(text, list(_paragraphs(text, vocabulary, language)))


def _damage(text: str, paragraphs: list[_Paragraph]) -> float:
    runs = len(text.split())  # its \S+ runs
    if not runs:
        return 0.0
    damaged = 0
    for paragraph in paragraphs:
        if paragraph.scan and paragraph.scan.gaps:
            starts = [m.start() for m in _RUN.finditer(paragraph.text)]
            # A gap never starts a run, so the last run start before it names its run.
            gaps = paragraph.scan.gaps
            damaged += len({bisect.bisect_right(starts, gap.offset) for gap in gaps})
    broken = len(unicode.fix_encoding(text))
    return min(1.0, (damaged + broken) / runs)


def _step(text: str, spans: list[Span], total: list[Span]) -> tuple[str, list[Span]]:
    if not spans:
        return text, total
    return apply_spans(text, spans), compose(total, spans, text)


def _paragraph_spans(paragraphs: list[_Paragraph], whole: str) -> list[Span]:
    """Non-joiner and space insertions for every paragraph, against the whole text."""
    spans: list[Span] = []
    joiners_lost = ZWNJ not in whole  # they are stripped all at once, never one by one
    for paragraph in paragraphs:
        if paragraph.words is None:
            continue
        joiners = joiner_spans(paragraph.text, paragraph.words.lexicon) if joiners_lost else []
        text = apply_spans(paragraph.text, joiners) if joiners else paragraph.text
        first = None if joiners else paragraph.scan
        found = first if first is not None else scan(text, paragraph.words)
        spaces = [(o, o, " ") for o in spacing_gaps(found)]
        local = compose(joiners, spaces, text) if joiners else spaces
        spans.extend((paragraph.start + a, paragraph.start + b, r) for a, b, r in local)
    return spans


def repair_text(
    text: str,
    *,
    field: str = "text",
    vocabulary: Container[str] | None = None,
    normalize_quotes: bool = False,
    language: str | None = None,
) -> Repaired:
    """Repair ``text``; text that is not damaged comes back unchanged with no edits.

    ``language`` is a hint (e.g. the page's declared language), taken when the text itself
    does not say clearly which language it is in.
    """
    original = _check(text, "text")
    total: list[Span] = []
    current, total = _step(original, unicode.fix_encoding(original), total)
    current, total = _step(current, unicode.fold_whitespace(current), total)
    if normalize_quotes:
        current, total = _step(current, unicode.normalize_quotes(current), total)
    paragraphs = list(_paragraphs(current, vocabulary, language))
    before = (
        _damage(original, paragraphs)
        if current == original
        else damage_score(original, vocabulary, language)
    )
    current, total = _step(current, _paragraph_spans(paragraphs, current), total)
    after = damage_score(current, vocabulary, language) if total else before
    return Repaired(current, to_edits(original, total, field), before, after)


def repair_article(article: Article, vocabulary: Container[str] | None = None) -> Article:
    """A copy of ``article`` with title, summary and text repaired and the edits recorded."""
    if not isinstance(article, Article):
        raise RepairError(f"repair_article needs an Article, got {type(article).__name__}.")
    hint = article.language or identify(article.text).code
    results = {
        name: repair_text(getattr(article, name), field=name, vocabulary=vocabulary, language=hint)
        for name in ("title", "summary", "text")
    }
    body = results["text"]
    return dataclasses.replace(
        article,
        title=results["title"].text,
        summary=results["summary"].text,
        text=body.text,
        repairs=[edit for result in results.values() for edit in result.edits],
        damage_before=body.damage_before,
        damage_after=body.damage_after,
    )
