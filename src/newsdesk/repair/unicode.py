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
_WHITESPACE = re.compile(r"[^\S\r\n]{2,}|[^\S\r\n]+(?=\r?\n)|\n{3,}|\t")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"',
                         "‘": "'", "’": "'", "‚": "'", "‛": "'",
                         "‐": "-", "‑": "-", "‒": "–", "―": "—"})  # fmt: skip
_DOUBLE_HYPHEN = re.compile(r"(?<=\w) ?-- ?(?=\w)")


def _diff_spans(before: str, after: str) -> list[Span]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        (i1, i2, after[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def fix_encoding(text: str) -> list[Span]:
    """Spans that undo mojibake and broken Unicode (via ftfy); none for ASCII text."""
    if text.isascii():
        return []
    fixed = ftfy.fix_text(text, _FTFY)
    return [] if fixed == text else _diff_spans(text, fixed)


def fold_whitespace(text: str) -> list[Span]:
    """Spans that fold runs of spaces/tabs to one space, drop trailing spaces, cap blank lines."""
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


def normalize_quotes(text: str) -> list[Span]:
    """Spans that turn typographic quotes into ASCII ones and tidy odd dashes (``--`` -> —)."""
    spans = [
        (i, i + 1, char.translate(_QUOTES))
        for i, char in enumerate(text)
        if char.translate(_QUOTES) != char
    ]
    spans.extend((m.start(), m.end(), "—") for m in _DOUBLE_HYPHEN.finditer(text))
    return sorted(spans)
