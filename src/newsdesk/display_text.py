"""Text that will be shown to people: no invisible controls that spoof what they see.

A title holding RIGHT-TO-LEFT OVERRIDE (U+202E) displays "gpj.exe" as "exe.jpg"; a source
name with a terminal escape (ESC, a C0 control) can rewrite a reader's terminal. Stripped
here, before storage (the raw fetched bytes keep them) and again when the site renders:
the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and every C0/C1
control but newline and tab. Kept: the marks right-to-left text needs (LRM, RLM, ALM) and
ZERO WIDTH NON-JOINER, which Persian spelling uses inside words.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsdesk.records import Article, Credit

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def without_controls(text: str) -> str:
    """``text`` without bidi overrides/isolates and C0/C1 controls (newline and tab kept)."""
    return _CONTROLS.sub("", text)


def one_line(text: str, limit: int) -> str:
    """A name or title as one clean line of at most ``limit`` characters (cut with "…")."""
    line = _SPACES.sub(" ", without_controls(text)).strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def clean_article(article: Article) -> Article:
    """``article`` with every field a reader sees stripped of controls."""
    credit = article.original_source
    return replace(
        article,
        title=without_controls(article.title),
        summary=without_controls(article.summary),
        text=without_controls(article.text),
        headings=[without_controls(h) for h in article.headings],
        authors=[without_controls(a) for a in article.authors],
        tags=[without_controls(t) for t in article.tags],
        publisher=without_controls(article.publisher) if article.publisher else None,
        original_source=Credit(without_controls(credit.name),
                               without_controls(credit.desk) if credit.desk else None)
        if credit else None,
    )
