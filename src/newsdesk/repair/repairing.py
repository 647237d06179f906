"""Repairing one text or one article: the public entry points of ``newsdesk.repair``."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Container
from dataclasses import dataclass, field

from newsdesk.records import Article, Edit
from newsdesk.repair import unicode
from newsdesk.repair.edits import Span, apply_spans, compose, to_edits
from newsdesk.repair.errors import RepairError
from newsdesk.repair.spacing import Gap, candidate_gaps, spacing_gaps

_RUN = re.compile(r"\S+")


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


def damage_score(text: str, vocabulary: Container[str] | None = None) -> float:
    """Share (0..1) of whitespace-delimited tokens that look damaged (glued, or mojibake)."""
    _check(text, "text")
    return _damage(text, *candidate_gaps(text, vocabulary))


def _damage(text: str, gaps: list[Gap], runs: int) -> float:
    if not runs:
        return 0.0
    starts = [match.start() for match in _RUN.finditer(text)] if gaps else []
    # A gap never starts a run, so the last run start before it names its run.
    damaged = {bisect.bisect_right(starts, gap.offset) for gap in gaps}
    broken = len(unicode.fix_encoding(text))
    return min(1.0, (len(damaged) + broken) / runs)


def _step(text: str, spans: list[Span], total: list[Span]) -> tuple[str, list[Span]]:
    if not spans:
        return text, total
    return apply_spans(text, spans), compose(total, spans, text)


def repair_text(
    text: str,
    *,
    field: str = "text",
    vocabulary: Container[str] | None = None,
    normalize_quotes: bool = False,
) -> Repaired:
    """Repair ``text``; text that is not damaged comes back unchanged with no edits."""
    original = _check(text, "text")
    first_pass = candidate_gaps(original, vocabulary)
    before = _damage(original, *first_pass)
    total: list[Span] = []
    current, total = _step(original, unicode.fix_encoding(original), total)
    current, total = _step(current, unicode.fold_whitespace(current), total)
    if normalize_quotes:
        current, total = _step(current, unicode.normalize_quotes(current), total)
    known = first_pass if current == original else None  # the scan spacing_gaps starts with
    spaces = [(offset, offset, " ") for offset in spacing_gaps(current, vocabulary, known)]
    current, total = _step(current, spaces, total)
    after = damage_score(current, vocabulary) if total else before
    return Repaired(current, to_edits(original, total, field), before, after)


def repair_article(article: Article, vocabulary: Container[str] | None = None) -> Article:
    """A copy of ``article`` with title, summary and text repaired and the edits recorded."""
    if not isinstance(article, Article):
        raise RepairError(f"repair_article needs an Article, got {type(article).__name__}.")
    results = {
        name: repair_text(getattr(article, name), field=name, vocabulary=vocabulary)
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
