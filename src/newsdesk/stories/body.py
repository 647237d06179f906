"""The text grouping compares: the standfirst and the body, without datelines and chrome lines.

Republishers move the lede into a standfirst (or a standfirst into the body), put a credit
dateline in front of the first paragraph ("site.example, World Desk: ...", "OSLO (NTB) -")
and wrap the body in short chrome lines (taglines, share bars, "Sources: © ..."). None of
that tells which story an article is, so it is removed before signing; what a site repeats in
many of its articles is removed by ``boilerplate``.
"""

from __future__ import annotations

import re

from . import text as _text

_DATELINE = re.compile(r"^(?P<head>[^.!?\n]{2,80}?)\s*(?::|\s[-–—]{1,2}|[-–—]{1,2}\s)\s*")
_DOMAIN = re.compile(r"[^\W_][\w-]*\.[a-z]{2,}\b", re.IGNORECASE)
_DESK = re.compile(
    r"(?i)desk|agency|agencia|agence|agentur|newsroom|news|wire|press|reuters"
    r"|\b(?:afp|dpa|ap|upi|ansa|ntb|efe|irna|isna|wafa|kyodo|xinhua|tass)\b"
)
_SENTENCE_END = tuple(".!?。！？…»”\"')")
_SEPARATORS = re.compile(r"\s[|>•·/]\s|\s[|>•·]|[|>•·]\s")
_CHROME_CHARS = 60  # squeezed: a line shorter than this, unpunctuated, is a label, not prose


def grouping_paragraphs(summary: str, body: str) -> list[str]:
    """The paragraphs of ``summary`` (unless the body repeats it) and ``body``, without the
    first paragraph's dateline and without chrome lines (when any prose remains)."""
    found = _text.paragraphs(body)
    standfirst = " ".join(_text.paragraphs(summary))
    if standfirst and not _repeated(standfirst, found):
        found.insert(0, standfirst)
    prose = [p for p in found if not is_chrome_line(p)]
    if prose:
        found = prose
    if found:
        found[0] = strip_dateline(found[0]) or found[0]
    return found


def strip_dateline(paragraph: str) -> str:
    """``paragraph`` without a leading credit dateline ("OSLO (NTB) -", "x.com, Desk:")."""
    match = _DATELINE.match(paragraph)
    if match is None or not _is_dateline(match.group("head")):
        return paragraph
    return paragraph[match.end() :]


def is_chrome_line(paragraph: str) -> bool:
    """A line that labels rather than tells: short and unpunctuated, or a bar of links."""
    if len(_SEPARATORS.findall(paragraph)) >= 2:
        return True
    return (len(_text.squeeze(paragraph)) < _CHROME_CHARS
            and not paragraph.rstrip().endswith(_SENTENCE_END))


def _is_dateline(head: str) -> bool:
    letters = [c for c in head if c.isalpha()]
    if len(letters) < 2 or len(head.split()) > 8:
        return False
    capitals = sum(c.isupper() for c in letters) / len(letters)
    return bool(capitals >= 0.6 or "(" in head or _DOMAIN.search(head) or _DESK.search(head))


def _repeated(standfirst: str, paragraphs: list[str]) -> bool:
    """Whether the body already starts with (or opens by containing) the standfirst."""
    wanted = _text.squeeze(standfirst.rstrip(" .…"))
    if not wanted:
        return True
    opening = _text.squeeze(" ".join(paragraphs[:3]))
    return wanted[: max(20, len(wanted) - 3)] in opening
