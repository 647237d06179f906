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

from newsdesk.repair.protected import protected_spans
from newsdesk.repair.punctuation import Atom, atoms_of, gap_after, is_known
from newsdesk.repair.segment import split_run
from newsdesk.repair.wordcosts import common_words

_RUN = re.compile(r"\S+")
_LINE = re.compile(r"[^\n]+")
_QUOTE = re.compile(r'"')
_LATIN = "A-Za-zÀ-ÖØ-öø-ɏ"
_SIMPLE_RUN = re.compile(rf"[(\[\"“‘'«]*([{_LATIN}]+)(?:['’]s)?[)\]\"”’'».,;:?!]*")
_HAS_LATIN = re.compile(rf"[{_LATIN}]")
# Weak gaps are trusted once strong ones show the text is damaged: one per 100 words, or 3.
_DAMAGED_DENSITY = 0.01
_DAMAGED_COUNT = 3


@dataclass(frozen=True, slots=True)
class Gap:
    """A missing space at ``offset`` (a space goes before the character there)."""

    offset: int
    strong: bool


def _looks_fine(run: str, vocabulary: Container[str] | None, damaged: bool) -> bool:
    """True when a run surely needs no space: no Latin letters, or one plain word (with
    punctuation around it) that is common, learned, or that the segmenter keeps whole."""
    match = _SIMPLE_RUN.fullmatch(run)
    if match is None:
        return _HAS_LATIN.search(run) is None
    word = match.group(1)
    lower = word.lower()
    if len(word) < 3 or lower in common_words():
        return True
    if vocabulary is not None and lower in vocabulary:
        return True
    return split_run(word, vocabulary, damaged=damaged) is None


def _initial_split(
    atoms: list[Atom], index: int, vocabulary: Container[str] | None, damaged: bool
) -> tuple[tuple[str, ...], bool] | None:
    """Words glued before an initial ("theU.S.", "andtheE.U."): pieces and strength, or None."""
    text = atoms[index].text
    followed_by_dot = index + 1 < len(atoms) and atoms[index + 1].text == "."
    if not followed_by_dot or len(text) < 3 or not (text[-1].isupper() and text[-2].islower()):
        return None
    head = text[:-1]
    if is_known(head, vocabulary):
        return (head, text[-1]), True
    split = split_run(head, vocabulary, damaged=damaged)
    if split is None or not is_known(split.pieces[-1], vocabulary):
        return None
    return (*split.pieces, text[-1]), split.strong


def _split_words(atoms: list[Atom], vocabulary: Container[str] | None, damaged: bool) -> list[Gap]:
    gaps: list[Gap] = []
    for index, atom in enumerate(atoms):
        if atom.kind != "w":
            continue
        after_apostrophe = index > 0 and atoms[index - 1].text in "'’"
        found = _initial_split(atoms, index, vocabulary, damaged)
        if found is None:
            split = split_run(
                atom.text, vocabulary, after_apostrophe=after_apostrophe, damaged=damaged
            )
            found = None if split is None else (split.pieces, split.strong)
        if found is None:
            continue
        atom.pieces, strong = found
        offset = atom.start
        for piece in atom.pieces[:-1]:
            offset += len(piece)
            gaps.append(Gap(offset, strong))
    return gaps


def _quote_roles(text: str) -> dict[int, str]:
    """Straight double quotes alternate open/close within a paragraph, when they pair up."""
    roles: dict[int, str] = {}
    if '"' not in text:
        return roles
    for line in _LINE.finditer(text):
        offsets = [m.start() for m in _QUOTE.finditer(text, line.start(), line.end())]
        if len(offsets) % 2 == 0:
            for number, offset in enumerate(offsets):
                roles[offset] = "close" if number % 2 else "open"
    return roles


def run_gaps(
    run: str,
    start: int,
    vocabulary: Container[str] | None,
    quotes: dict[int, str],
    damaged: bool = False,
) -> list[Gap]:
    """Missing spaces inside one whitespace-free run that begins at ``start`` in its text."""
    atoms = atoms_of(run, protected_spans(run, vocabulary, damaged))
    for atom in atoms:
        if atom.text == '"':
            atom.quote = quotes.get(start + atom.start, "")
    gaps = _split_words(atoms, vocabulary, damaged)
    for index in range(len(atoms) - 1):
        verdict = gap_after(atoms, index, vocabulary)
        if verdict is not None:
            gaps.append(Gap(atoms[index + 1].start, verdict))
    return [Gap(gap.offset + start, gap.strong) for gap in sorted(gaps, key=lambda g: g.offset)]


def candidate_gaps(
    text: str, vocabulary: Container[str] | None = None, *, damaged: bool = False
) -> tuple[list[Gap], int]:
    """Every candidate gap in ``text`` (strong and weak) and the number of runs scanned."""
    gaps: list[Gap] = []
    runs = 0
    quotes = _quote_roles(text)
    for match in _RUN.finditer(text):
        runs += 1
        run = match.group()
        if _looks_fine(run, vocabulary, damaged):
            continue
        gaps.extend(run_gaps(run, match.start(), vocabulary, quotes, damaged))
    return gaps, runs


def spacing_gaps(
    text: str,
    vocabulary: Container[str] | None = None,
    first_pass: tuple[list[Gap], int] | None = None,
) -> list[int]:
    """Offsets in ``text`` where a space should be inserted (before the character there).

    Strong gaps are always taken. When they show the text clearly lost spaces, the text is
    scanned again in damaged mode, which also takes weak gaps and splits rarer runs.
    ``first_pass`` is ``candidate_gaps(text, vocabulary)`` when the caller already has it.
    """
    gaps, runs = first_pass or candidate_gaps(text, vocabulary)
    strong = sum(gap.strong for gap in gaps)
    if strong and (strong >= _DAMAGED_COUNT or strong >= _DAMAGED_DENSITY * runs):
        gaps, runs = candidate_gaps(text, vocabulary, damaged=True)
        return sorted({gap.offset for gap in gaps})
    return sorted({gap.offset for gap in gaps if gap.strong})
