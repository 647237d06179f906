"""Recognise site chrome: lines that belong to the site, not to the story.

Two sources: fixed rules (``chrome_lines`` in every ``patterns/<language>.json``,
e.g. "Back to top", "Follow us on Telegram", "All rights reserved") and keys learned
per site from lines that recur on many of its pages (see ``learned_chrome_keys``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from functools import cache

from .patterns import all_languages

_RULE_MAX_WORDS = 20  # fixed rules only judge short lines; longer ones are prose
_RULE_MAX_CHARS = 200
_TAGLINE_MAX_WORDS = 12
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")  # \d matches every Unicode decimal digit (Persian, Arabic-Indic)
_TAGLINE_SEPARATORS = frozenset("-–—|:·•,")


def line_key(line: str) -> str:
    """Normalised key of a text line, for counting how often a site repeats it.

    Casefolded, NFKC, every decimal digit (any script) becomes 0, whitespace folded,
    so "Updated 12:05" and "Updated 09:41" share a key.
    """
    text = unicodedata.normalize("NFKC", line).casefold()
    text = _DIGIT.sub("0", text)
    return _SPACE.sub(" ", text).strip()


def learned_chrome_keys(
    pages_seen: int,
    line_counts: Mapping[str, int],
    *,
    min_pages: int = 5,
    min_share: float = 0.5,
) -> frozenset[str]:
    """Keys (from ``line_key``) that recur on enough of one site's pages to be chrome.

    ``line_counts`` maps a key to the number of that site's pages it appeared on
    (count each key once per page). Nothing is learned before ``min_pages`` pages.
    """
    if pages_seen < max(min_pages, 1):
        return frozenset()
    needed = max(2.0, min_share * pages_seen)
    return frozenset(key for key, count in line_counts.items() if key and count >= needed)


@cache
def _fixed_rules() -> re.Pattern[str]:
    sources = [rule for patterns in all_languages().values() for rule in patterns.chrome_lines]
    return re.compile("|".join(f"(?:{source})" for source in sources), re.IGNORECASE)


def is_chrome(
    line: str,
    *,
    learned: Collection[str] = frozenset(),
    own_names: Collection[str] = (),
) -> bool:
    """True when a body line is site chrome rather than story text."""
    text = line.strip()
    if not text:
        return True
    if learned and line_key(text) in learned:
        return True
    words = len(text.split())
    short = words <= _RULE_MAX_WORDS and len(text) <= _RULE_MAX_CHARS
    if short and _fixed_rules().fullmatch(text.rstrip(" .!:")):
        return True
    return words <= _TAGLINE_MAX_WORDS and _is_tagline(text, own_names)


def _is_tagline(text: str, own_names: Collection[str]) -> bool:
    """A short line naming the site then a motto: "Daily Gazette — news you can trust"."""
    if text[-1:] in ".?!؟" or not own_names:
        return False
    folded = text.casefold()
    for name in own_names:
        mine = name.casefold().strip()
        if len(mine) >= 4 and folded.startswith(mine):
            rest = folded[len(mine) :].lstrip()
            if rest[:1] in _TAGLINE_SEPARATORS and rest[1:].strip():
                return True
    return False
