"""Find the outlet a page credits as the origin of its story.

Three kinds of evidence, strongest first: a pure credit line ("Source: Harbor Wire",
"© Harbor Wire 2026"), a dateline opening the story ("LISBON (Harbor Wire) - ..."),
and an attribution at the start of a sentence ("According to the Harbor Wire, ...").
The regexes live in ``patterns/<language>.json``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence

from newsdesk.records import Credit

from .patterns import (
    CreditPattern,
    all_generic_names,
    all_known_outlets,
    all_outlet_words,
    for_language,
)

_CREDIT_LINE_MAX_CHARS = 140  # a longer line is prose, not a credit line
_OPENING_LINES = 3  # datelines only count at the start of a story
_EDGE_LINES = 3  # attributions count near the start or the end (live pages run newest first)
_NAME_MAX_WORDS = 8
_YEAR = re.compile(r"[\d۰-۹٠-٩]{4}")
_RIGHTS = re.compile(r"all\s+rights\s+reserved.*$", re.IGNORECASE)
_EDGE_JUNK = " \t.,;:|-–—•·©\"'«»“”()[]،؛"
_SENTENCE_BREAK = re.compile(r"[.!?؟]\s+$")
_WORD = re.compile(r"\w+")
_DOMAIN = re.compile(r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}", re.IGNORECASE)


def find_credit(
    text_lines: Sequence[str],
    language: str | None,
    *,
    own_names: Collection[str] = (),
) -> tuple[Credit | None, list[int]]:
    """Return the credited origin outlet (or None) and indexes of pure credit lines.

    ``own_names`` are the page's own publisher names: a page naming itself (its own
    copyright line, its own dateline) credits nobody. Such lines are still reported
    as pure credit lines so the caller can drop them from the body.
    """
    own = _OwnNames(own_names)
    pattern_sets = for_language(language)
    credit: Credit | None = None
    credit_line_indexes: list[int] = []
    for index, line in enumerate(text_lines):
        found = _match_credit_line(line.strip(), pattern_sets)
        if found is None:
            continue
        credit_line_indexes.append(index)
        if credit is None and not own.named_in(found.name):
            credit = found
    if credit is None or credit.desk is None:
        opening = _first_opening_credit(text_lines, pattern_sets, own)
        if credit is None:
            credit = opening
        elif opening and opening.desk and _fold(opening.name) == _fold(credit.name):
            credit = Credit(credit.name, opening.desk)  # the dateline names the desk
    return credit, credit_line_indexes


def _match_credit_line(line: str, pattern_sets: list) -> Credit | None:
    if not line or len(line) > _CREDIT_LINE_MAX_CHARS:
        return None
    for patterns in pattern_sets:
        for pattern in patterns.credit_lines:
            match = pattern.regex.fullmatch(line)
            if match:
                credit = _credit_from(match, pattern)
                if credit is not None:
                    return credit
    return None


def _first_opening_credit(
    text_lines: Sequence[str], pattern_sets: list, own: _OwnNames
) -> Credit | None:
    """A dateline in the first lines of the story, else an attribution near either end, else
    a credit closing one of the last lines ("... on Monday. — AP")."""
    opening = [line.strip() for line in text_lines[:_OPENING_LINES]]
    closing = [line.strip() for line in text_lines[_EDGE_LINES:][-_EDGE_LINES:]]
    for kind, lines in (("datelines", opening), ("attributions", opening + closing),
                        ("endings", closing or opening[-1:])):
        for line in lines:
            for patterns in pattern_sets:
                for pattern in getattr(patterns, kind):
                    for match in _matches_at_sentence_starts(pattern, line, kind):
                        credit = _credit_from(match, pattern)
                        if credit is not None and not own.named_in(credit.name):
                            return credit
                        if credit is not None:
                            return None  # the page names itself: an original, no credit
    return None


def _matches_at_sentence_starts(
    pattern: CreditPattern, line: str, kind: str
) -> Iterator[re.Match[str]]:
    if kind != "datelines" and pattern.clue is not None and pattern.clue.search(line) is None:
        return  # searched anywhere in the line, which lacks what every match holds
    if kind in ("datelines", "endings"):
        match = pattern.regex.match(line) if kind == "datelines" else pattern.regex.search(line)
        if match:
            yield match
        return
    position = 0
    while (match := pattern.regex.search(line, position)) is not None:  # one scan per line
        if _at_sentence_start(line, match.start()):
            yield match
        position = match.start() + 1


def _at_sentence_start(line: str, index: int) -> bool:
    before = line[:index]
    return not before.strip() or _SENTENCE_BREAK.search(before) is not None


def _credit_from(match: re.Match[str], pattern: CreditPattern) -> Credit | None:
    name = clean_name(match.group("name"))
    if not _is_plausible_name(name):
        return None
    if pattern.needs_outlet and not looks_like_outlet(name):
        return None
    desk = match.groupdict().get("desk")
    return Credit(name=name, desk=clean_name(desk) or None if desk else None)


def clean_name(raw: str) -> str:
    """Trim a captured outlet name: edge punctuation, years, "all rights reserved"."""
    name = _RIGHTS.sub("", raw)
    name = re.split(r"\s*[,;|/،؛]\s*|\s+[-–—]\s+", name.strip(_EDGE_JUNK))[0]
    name = _YEAR.sub("", name)
    name = re.sub(r"^the\s+", "", name.strip(_EDGE_JUNK))
    return " ".join(name.split()).strip(_EDGE_JUNK)


def looks_like_outlet(name: str) -> bool:
    """True when a name holds an outlet word ("Agency", "Wire", "خبرگزاری", "وكالة"), is a
    known agency ("Reuters", "ایرنا") or a site's domain ("venturebeat.com")."""
    folded = name.casefold()
    if folded in all_generic_names():
        return False
    if folded in all_known_outlets() or _DOMAIN.fullmatch(name):
        return True
    words = set(_WORD.findall(folded))
    return any(word in words or (" " in word and word in folded) for word in all_outlet_words())


def _is_plausible_name(name: str) -> bool:
    words = name.split()
    return 0 < len(words) <= _NAME_MAX_WORDS and any(char.isalpha() for char in name)


def _fold(name: str) -> str:
    return "".join(_WORD.findall(name.casefold().removeprefix("the ")))


class _OwnNames:
    """The page's own names, to tell a self-credit ("© 2026 Daily Gazette") from a credit."""

    def __init__(self, names: Collection[str]) -> None:
        self.folded = [_fold(name) for name in names if _fold(name)]
        # "AP" of "AP News", "SRF" of "SRF News": counts only as the whole credit
        self.short = {name.split()[0].casefold() for name in names
                      if len(name.split()) > 1 and 2 <= len(name.split()[0]) <= 5
                      and name.split()[0].casefold() not in all_outlet_words()}

    def named_in(self, name: str) -> bool:
        folded = _fold(name)
        if not folded:
            return False
        return folded in self.short or any(_same_outlet(folded, mine) for mine in self.folded)


def _same_outlet(folded: str, mine: str) -> bool:
    """The same name, or one inside the other when long enough to be telling."""
    if folded == mine:
        return True
    return min(len(mine), len(folded)) >= 6 and (mine in folded or folded in mine)
