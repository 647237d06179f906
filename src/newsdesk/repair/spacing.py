"""Finding where spaces are missing: inside glued words and after punctuation.

The scan is cheap for clean text: each whitespace-delimited run is matched against one regex
and its word looked up in a set; only runs that fail go through the rules and the word
segmenter (``segment``). Each missing space found is a ``Gap``; ``strong`` gaps are safe in
any text, weak ones (camel-case joins, splits involving names or rare words) are applied
only when the text shows clear damage elsewhere (see ``spacing_gaps``).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from newsdesk.repair.punctuation import Atom, atoms_of, gap_after
from newsdesk.repair.segment import split_run
from newsdesk.repair.wordcosts import common_words

_RUN = re.compile(r"\S+")
_SIMPLE_RUN = re.compile(r"[(\[\"“‘'«]*([A-Za-z]+)(?:['’]s)?[)\]\"”’'».,;:?!]*")
# URLs, e-mail addresses, handles, domain and file names are never touched.
_PROTECTED = re.compile(
    r"(?:https?|ftp)://|www\.|@|#\w|\w\.(?:com|org|net|gov|edu|io|co|uk|de|fr|info|biz|ru|ir)\b"
    r"|\w\.(?:pdf|docx?|xlsx?|csv|txt|jpe?g|png|gif|zip|html?|js|py|exe|mp[34])\b",
    re.IGNORECASE,
)
# Weak gaps are trusted once strong ones show the text is damaged: one per 100 words, or 3.
_DAMAGED_DENSITY = 0.01
_DAMAGED_COUNT = 3


@dataclass(frozen=True, slots=True)
class Gap:
    """A missing space at ``offset`` (a space goes before the character there)."""

    offset: int
    strong: bool


def _looks_fine(run: str, vocabulary: Container[str] | None) -> bool:
    match = _SIMPLE_RUN.fullmatch(run)
    if match is None:
        return False
    word = match.group(1)
    lower = word.lower()
    return (
        len(word) < 4 or lower in common_words() or (vocabulary is not None and lower in vocabulary)
    )


def _split_words(atoms: list[Atom], vocabulary: Container[str] | None) -> list[Gap]:
    gaps: list[Gap] = []
    for index, atom in enumerate(atoms):
        if atom.kind != "w":
            continue
        after_apostrophe = index > 0 and atoms[index - 1].text in "'’"
        split = split_run(atom.text, vocabulary, after_apostrophe=after_apostrophe)
        if split is None:
            continue
        atom.pieces = split.pieces
        offset = atom.start
        for piece in split.pieces[:-1]:
            offset += len(piece)
            gaps.append(Gap(offset, split.strong))
    return gaps


def _quote_roles(text: str) -> dict[int, str]:
    """Straight double quotes alternate open/close within a paragraph, when they pair up."""
    roles: dict[int, str] = {}
    if '"' not in text:
        return roles
    start = 0
    for line in text.split("\n"):
        offsets = [start + i for i, char in enumerate(line) if char == '"']
        if len(offsets) % 2 == 0:
            for number, offset in enumerate(offsets):
                roles[offset] = "close" if number % 2 else "open"
        start += len(line) + 1
    return roles


def run_gaps(
    run: str, start: int, vocabulary: Container[str] | None, quotes: dict[int, str]
) -> list[Gap]:
    """Missing spaces inside one whitespace-free run that begins at ``start`` in its text."""
    if _PROTECTED.search(run):
        return []
    atoms = atoms_of(run)
    for atom in atoms:
        if atom.text == '"':
            atom.quote = quotes.get(start + atom.start, "")
    gaps = _split_words(atoms, vocabulary)
    for index in range(len(atoms) - 1):
        verdict = gap_after(atoms, index, vocabulary)
        if verdict is not None:
            gaps.append(Gap(atoms[index + 1].start, verdict))
    return [Gap(gap.offset + start, gap.strong) for gap in sorted(gaps, key=lambda g: g.offset)]


def candidate_gaps(text: str, vocabulary: Container[str] | None = None) -> tuple[list[Gap], int]:
    """Every candidate gap in ``text`` (strong and weak) and the number of runs scanned."""
    gaps: list[Gap] = []
    runs = 0
    quotes = _quote_roles(text)
    for match in _RUN.finditer(text):
        runs += 1
        run = match.group()
        if _looks_fine(run, vocabulary):
            continue
        gaps.extend(run_gaps(run, match.start(), vocabulary, quotes))
    return gaps, runs


def spacing_gaps(text: str, vocabulary: Container[str] | None = None) -> list[int]:
    """Offsets in ``text`` where a space should be inserted (before the character there)."""
    gaps, runs = candidate_gaps(text, vocabulary)
    strong = sum(gap.strong for gap in gaps)
    damaged = strong >= _DAMAGED_COUNT or strong >= _DAMAGED_DENSITY * runs
    return sorted({gap.offset for gap in gaps if gap.strong or (damaged and strong)})
