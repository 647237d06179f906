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

_DATELINE = re.compile(
    r"^\s*(?P<head>(?:[^.!?\n]|\.(?=\w)){2,80}?)(?::|\s+[-–—]{1,2}|[-–—]{1,2}\s|(?<=\))\s*[-–—]{1,2})\s*")
_DOMAIN = re.compile(r"[^\W_][\w-]*\.[a-z]{2,}\b", re.IGNORECASE)
_DESK = re.compile(
    r"(?i)desk|agency|agencia|agence|agentur|newsroom|news|wire|press|reuters"
    r"|\b(?:afp|dpa|ap|upi|ansa|ntb|efe|irna|isna|wafa|kyodo|xinhua|tass)\b"
)
_SENTENCE_END = tuple(".!?。！？…»”\"')")
_SEPARATORS = re.compile(r"\s[|>•·/]\s|\s[|>•·]|[|>•·]\s")
_SEPARATOR_CHARS = "|>•·/"
_CHROME_CHARS = 60  # squeezed: a line shorter than this, unpunctuated, is a label, not prose
_LIST_CHARS = 160  # ...and two such lines in a row up to this long are a list of links


def grouping_paragraphs(summary: str, body: str) -> list[str]:
    """The paragraphs of ``summary`` (unless the body repeats it) and ``body``, each without
    its leading dateline, and without chrome lines (when any prose remains)."""
    found = _text.paragraphs(body)
    chrome = _chrome_lines(found)
    prose = [p for p, is_chrome in zip(found, chrome, strict=True) if not is_chrome]
    found = prose or found
    if found:
        found[0] = strip_dateline(found[0]) or found[0]
    standfirst = strip_dateline(" ".join(_text.paragraphs(summary)))
    if standfirst and not _repeated(standfirst, found):
        found.insert(0, standfirst)
    return found


def strip_dateline(paragraph: str) -> str:
    """``paragraph`` without its leading credit datelines ("OSLO (NTB) -", "x.com, Desk:")."""
    for _ in range(2):  # a republisher's credit in front of the agency's own dateline
        match = _DATELINE.match(paragraph)
        if match is None or not _is_dateline(match.group("head")):
            break
        paragraph = paragraph[match.end() :]
    return paragraph


def _chrome_lines(paragraphs: list[str]) -> list[bool]:
    """Which paragraphs label rather than tell: bars of links, short unpunctuated labels,
    and runs of unpunctuated lines (lists of related headlines)."""
    bare = [not p.rstrip().endswith(_SENTENCE_END) and len(_text.squeeze(p)) < _LIST_CHARS
            for p in paragraphs]
    found = []
    for i, paragraph in enumerate(paragraphs):
        in_run = bare[i] and ((i > 0 and bare[i - 1]) or (i + 1 < len(bare) and bare[i + 1]))
        found.append(_separated(paragraph) or in_run
                     or (bare[i] and len(_text.squeeze(paragraph)) < _CHROME_CHARS))
    return found


def _separated(paragraph: str) -> bool:
    """Whether ``paragraph`` is a bar of links ("Home | World | Sport")."""
    # Each separator match holds one of these characters: count them first (much faster).
    if sum(map(paragraph.count, _SEPARATOR_CHARS)) < 2:
        return False
    return len(_SEPARATORS.findall(paragraph)) >= 2


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
