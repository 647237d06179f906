"""Character-level repairs: mojibake, whitespace runs, and (on request) quotes and dashes.

Each function returns edits as ``(start, end, replacement)`` spans of its input, sorted and
non-overlapping, so ``edits`` can compose them with the spacing repair.
"""

from __future__ import annotations

import difflib
import re

import ftfy

Span = tuple[int, int, str]

# Only repairs of broken encodings: no quote uncurling, width folding or normalisation,
# so text that is fine comes back byte for byte.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)
_ODD_ASCII_SPACES = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f"  # ASCII's whitespace besides " " and "\n"
_WHITESPACE = re.compile(r"[^\S\r\n]{2,}|[^\S\r\n]+(?=\r?\n)|\n{3,}|\t")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"',
                         "‘": "'", "’": "'", "‚": "'", "‛": "'",
                         "‐": "-", "‑": "-", "‒": "–", "―": "—"})  # fmt: skip
_DOUBLE_HYPHEN = re.compile(r"(?<=\w) ?-- ?(?=\w)")
# A UTF-8 lead byte read as Latin-1/Windows-1252, then a continuation byte read the same way;
# or control characters, which ftfy removes.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]|[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]"
)


def _diff_spans(before: str, after: str) -> list[Span]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        (i1, i2, after[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def fix_encoding(text: str) -> list[Span]:
    """Spans that undo mojibake and broken Unicode (via ftfy); none for text without the
    signature of UTF-8 read as Latin-1 or Windows-1252 ("Ã©", "â€™", "Ø§") or control
    characters."""
    if text.isascii() or not _MOJIBAKE.search(text):
        return []
    fixed = ftfy.fix_text(text, _FTFY)
    return [] if fixed == text else _diff_spans(text, fixed)


def fold_whitespace(text: str) -> list[Span]:
    """Spans that fold runs of spaces/tabs to one space, drop trailing spaces, cap blank lines."""
    if _plainly_spaced(text):
        return []
    spans: list[Span] = []
    for match in _WHITESPACE.finditer(text):
        found = match.group()
        if found.startswith("\n"):
            replacement = "\n\n"
        elif match.end() < len(text) and text[match.end()] in "\r\n":
            replacement = ""
        else:
            replacement = " "
        if replacement != found:
            spans.append((match.start(), match.end(), replacement))
    return spans


def _plainly_spaced(text: str) -> bool:
    """True when ``text`` has nothing for ``fold_whitespace`` to do, by a few substring tests
    (most text: the regex stops at every space, ~70 us an article field)."""
    return (text.isascii() and not any(c in text for c in _ODD_ASCII_SPACES)
            and not any(s in text for s in ("  ", " \n", "\n\n\n")))


def normalize_quotes(text: str) -> list[Span]:
    """Spans that turn typographic quotes into ASCII ones and tidy odd dashes (``--`` -> —)."""
    spans = [
        (i, i + 1, char.translate(_QUOTES))
        for i, char in enumerate(text)
        if char.translate(_QUOTES) != char
    ]
    spans.extend((m.start(), m.end(), "—") for m in _DOUBLE_HYPHEN.finditer(text))
    return sorted(spans)
