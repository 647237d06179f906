"""Load the per-language pattern files in ``patterns/`` (credit lines, datelines, chrome).

Each language is one JSON file; adding a language means adding a file, not code.
See docs/extraction.md for the file format.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class CreditPattern:
    """One credit regex with a ``name`` group (and maybe ``desk``)."""

    regex: re.Pattern[str]
    needs_outlet: bool  # the captured name must contain an outlet word to count
    clue: re.Pattern[str] | None = None  # a literal every match holds (see `_clue`)


@dataclass(frozen=True, slots=True)
class LanguagePatterns:
    """Everything one language file holds, compiled."""

    language: str
    outlet_words: frozenset[str]
    credit_lines: tuple[CreditPattern, ...]  # a whole line that only credits an outlet
    datelines: tuple[CreditPattern, ...]  # start of a first paragraph naming the outlet
    attributions: tuple[CreditPattern, ...]  # "According to X," at the start of a sentence
    endings: tuple[CreditPattern, ...]  # the end of a last paragraph: "... on Monday. — AP"
    chrome_lines: tuple[str, ...]  # regex sources for whole lines of site chrome
    generic_names: frozenset[str]  # phrases full of outlet words that name no outlet
    known_outlets: frozenset[str]  # agencies often named without an outlet word ("Reuters")


def _compile(entries: list[dict[str, object]]) -> tuple[CreditPattern, ...]:
    compiled = []
    for entry in entries:
        flags = re.IGNORECASE if entry.get("ignore_case", True) else 0
        regex = re.compile(str(entry["pattern"]), flags)
        compiled.append(
            CreditPattern(regex=regex, needs_outlet=bool(entry.get("needs_outlet", False)),
                          clue=_clue(regex))
        )
    return tuple(compiled)


def _clue(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """The longest run of plain characters every match of ``regex`` holds (outside its
    optional, repeated and alternative parts), as a regex with the same case rule; None
    when there is no such run of two or more. A line without it cannot match, and a
    literal is searched for ~10x quicker than a pattern that opens with optional parts
    ("(?:as\\s+)?reported by": ~50 us a paragraph)."""
    try:
        from re import _parser  # CPython's own regex parser: the tree the pattern compiled from

        items = _required(_parser.parse(regex.pattern, regex.flags), _parser)
    except Exception:
        return None
    runs = "".join(chr(value) if value is not None else "\0" for value in items).split("\0")
    best = max(runs, key=len)
    return re.compile(re.escape(best), regex.flags & re.IGNORECASE) if len(best) >= 2 else None


def _required(tree: Any, parser: Any) -> list[int | None]:
    """Each item of a parsed pattern's top-level sequence: a literal's code point, or None
    for anything else; groups without flags of their own are opened."""
    items: list[int | None] = []
    for op, value in tree:
        if op is parser.LITERAL:
            items.append(value)
        elif op is parser.SUBPATTERN and not value[1] and not value[2]:
            items.extend(_required(value[3], parser))
        else:
            items.append(None)
    return items


def _load(name: str, text: str) -> LanguagePatterns:
    data = json.loads(text)
    return LanguagePatterns(
        language=str(data.get("language", name)),
        outlet_words=frozenset(word.casefold() for word in data.get("outlet_words", [])),
        credit_lines=_compile(data.get("credit_lines", [])),
        datelines=_compile(data.get("datelines", [])),
        attributions=_compile(data.get("attributions", [])),
        endings=_compile(data.get("endings", [])),
        chrome_lines=tuple(data.get("chrome_lines", [])),
        generic_names=frozenset(name.casefold() for name in data.get("generic_names", [])),
        known_outlets=frozenset(name.casefold() for name in data.get("known_outlets", [])),
    )


@cache
def all_languages() -> dict[str, LanguagePatterns]:
    """Every pattern file shipped in ``extract/patterns``, keyed by language code."""
    folder = resources.files(__package__).joinpath("patterns")
    loaded: dict[str, LanguagePatterns] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".json"):
            patterns = _load(entry.name.removesuffix(".json"), entry.read_text("utf-8"))
            loaded[patterns.language] = patterns
    return loaded


def for_language(language: str | None) -> list[LanguagePatterns]:
    """Pattern sets to try for a page: its own language first, then all others.

    Republished pages often keep the source's credit line in another language, so
    every language is tried; the page's own goes first so its patterns win ties.
    """
    languages = all_languages()
    first = languages.get(language or "")
    rest = [patterns for code, patterns in languages.items() if code != (language or "")]
    return [first, *rest] if first else rest


@cache
def all_outlet_words() -> frozenset[str]:
    """Outlet-marking words of every language, casefolded."""
    words: set[str] = set()
    for patterns in all_languages().values():
        words |= patterns.outlet_words
    return frozenset(words)


@cache
def all_generic_names() -> frozenset[str]:
    """Names that only look like outlets ("Breaking News"), casefolded, every language."""
    names: set[str] = set()
    for patterns in all_languages().values():
        names |= patterns.generic_names
    return frozenset(names)


@cache
def all_known_outlets() -> frozenset[str]:
    """Outlets known by name in any language file ("Reuters", "ایرنا"), casefolded."""
    names: set[str] = set()
    for patterns in all_languages().values():
        names |= patterns.known_outlets
    return frozenset(names)
