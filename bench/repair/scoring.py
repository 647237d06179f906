"""Scores for restored text against the gold text it was damaged from.

Spaces are compared by position in the text's *skeleton* (the text without spaces). When a
method also changed letters, the two skeletons are aligned first, so a changed letter costs
only the spaces next to it, not the paragraph.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

_TOKEN = re.compile(r"\S+")


def _skeleton(text: str, mark: str) -> tuple[str, set[int]]:
    """The text without ``mark`` characters, and the skeleton offsets each one stood before."""
    letters: list[str] = []
    marks: set[int] = set()
    for char in text:
        if char == mark:
            marks.add(len(letters))
        else:
            letters.append(char)
    return "".join(letters), marks


def _aligned(gold: str, got: str, got_marks: set[int]) -> set[int]:
    """``got_marks`` moved onto the gold skeleton's offsets, through the matching blocks."""
    if gold == got:
        return got_marks
    moved: set[int] = set()
    for a, b, size in difflib.SequenceMatcher(
        None, gold, got, autojunk=False
    ).get_matching_blocks():
        moved.update(a + (m - b) for m in got_marks if b <= m <= b + size)
    return moved


@dataclass(slots=True)
class Marks:
    """Counts for one kind of mark (spaces, or zero-width non-joiners) over many paragraphs."""

    hits: int = 0
    found: int = 0
    wanted: int = 0

    def add(self, gold: str, got: str, mark: str = " ") -> None:
        gold_skeleton, gold_marks = _skeleton(gold, mark)
        got_skeleton, got_marks = _skeleton(got, mark)
        got_marks = _aligned(gold_skeleton, got_skeleton, got_marks)
        self.hits += len(gold_marks & got_marks)
        self.found += len(got_marks)
        self.wanted += len(gold_marks)

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.wanted if self.wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def false_edits(gold: str, got: str) -> list[tuple[str, str]]:
    """The changes ``got`` made to ``gold`` (each a ``(before, after)`` pair), for text that
    was not damaged: every one of them is a false edit."""
    if gold == got:
        return []
    matcher = difflib.SequenceMatcher(None, gold, got, autojunk=False)
    return [
        (gold[max(0, i1 - 12) : i2 + 12], got[max(0, j1 - 12) : j2 + 12])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def names_split(gold: str, got: str) -> list[str]:
    """Capitalised words of ``gold`` (names, mostly) that ``got`` cut in two with a space."""
    gold_skeleton, _ = _skeleton(gold, " ")
    got_skeleton, got_spaces = _skeleton(got, " ")
    got_spaces = _aligned(gold_skeleton, got_skeleton, got_spaces)
    split: list[str] = []
    position = 0  # skeleton offset of the current gold token
    for token in _TOKEN.findall(gold):
        word = token.strip("\"'“”‘’«»()[],.;:!?")
        if len(word) >= 4 and word[0].isupper() and word[1:].islower():
            inner = range(position + 1, position + len(token))
            if any(offset in got_spaces for offset in inner):
                split.append(word)
        position += len(token)
    return split


@dataclass(slots=True)
class CleanScore:
    """False edits on undamaged text."""

    words: int = 0
    edits: list[tuple[str, str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def add(self, gold: str, got: str) -> None:
        self.words += len(gold.split())
        self.edits.extend(false_edits(gold, got))
        self.names.extend(names_split(gold, got))

    @property
    def per_1000(self) -> float:
        return len(self.edits) * 1000 / self.words if self.words else 0.0
