"""Rules for a missing space next to punctuation, digits and quotes inside one run.

A run is cut into atoms: words (letters of any script), digit groups and single other
characters. Each rule
looks at an atom and its neighbours and answers None (no space), True (a space is surely
missing) or False (probably missing: trusted only in visibly damaged text). The rules keep
decimals (3.5), times (10:30), thousands (1,000), initials (J.R.R.), abbreviations (e.g.),
versions and codes intact because they need a letter and a capital in the right places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.repair.lexicon import FUNCTION_ZIPF
from newsdesk.repair.words import Words

# Letters of any script; Arabic vowel marks and the zero-width non-joiner belong to words.
LETTERS = r"(?:[^\W\d_]|[\u064b-\u065f\u0670\u200c])+"
_ATOM = re.compile(rf"(?P<w>{LETTERS})|(?P<d>[0-9]+)|(?P<p>.)", re.DOTALL)
# English words that commonly stand right before a number ("in 2024", "by 3.5"); in any
# language its most frequent words do too.
_BEFORE_NUMBER = frozenset(
    ["in", "on", "at", "by", "of", "to", "the", "from", "since", "until", "till", "than",
     "about", "and", "or", "for", "with", "over", "under", "nearly", "around", "some", "only",
     "just", "almost", "between", "after", "before", "during", "per", "was", "were", "is",
     "are", "be", "been", "reached", "rose", "fell", "up", "down", "last", "each", "every",
     "its", "his", "her", "their", "our", "said", "january", "february", "march", "april",
     "may", "june", "july", "august", "september", "october", "november", "december", "jan",
     "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)  # fmt: skip
# Letters that belong to a number: 1990s, 21st, 10am, 5km, 3bn, 4x4.
# ordinals and decades elsewhere: 1990er, 1990ern (de), 1er, 2e, 3ème (fr)
_UNITS = frozenset(
    ["s", "st", "nd", "rd", "th", "am", "pm", "km", "kg", "g", "m", "cm", "mm", "mg", "ml", "l",
     "mb", "gb", "kb", "tb", "bn", "k", "mn", "mph", "kph", "hz", "khz", "mhz", "ghz", "kw",
     "mw", "gw", "kwh", "p", "x", "d", "ms", "ft", "lb", "lbs", "oz", "yr", "yrs", "hr", "hrs",
     "min", "mins", "sec", "secs", "px", "fps", "v", "nm", "ha", "mi", "er", "ern", "ers", "e",
     "ème", "eme", "ère"]
)  # fmt: skip
_FILE_EXTENSIONS = frozenset(
    ["pdf", "doc", "docx", "xls", "xlsx", "csv", "txt", "jpg", "jpeg", "png", "gif", "zip", "html"]
)
_CLAUSE = frozenset(",;:،؛")
_TOP_ZIPF = 6.0
_GENDER_ENDINGS = frozenset(["in", "innen"])  # German "Lehrer:innen"
_CLOSERS = frozenset(")]”\"'’")


@dataclass(slots=True)
class Atom:
    """A word (``w``), digit group (``d``) or single other character (``p``) of a run."""

    kind: str
    text: str
    start: int
    pieces: tuple[str, ...] = ()
    quote: str = ""  # "open" or "close" for straight double quotes, when known

    @property
    def first(self) -> str:
        return self.pieces[0] if self.pieces else self.text

    @property
    def last(self) -> str:
        return self.pieces[-1] if self.pieces else self.text


def atoms_of(run: str, protected: Sequence[tuple[int, int]] = ()) -> list[Atom]:
    """Cut a whitespace-free run into atoms; ``protected`` spans become opaque ``x`` atoms."""
    atoms: list[Atom] = []
    position = 0
    for start, end in [*protected, (len(run), len(run))]:
        atoms.extend(
            Atom(m.lastgroup or "p", m.group(), m.start())
            for m in _ATOM.finditer(run, position, start)
        )
        if end > start:
            atoms.append(Atom("x", run[start:end], start))
        position = end
    return atoms


def _sentence_start(atom: Atom, words: Words) -> bool:
    """Does ``atom`` look like the first word of a sentence (Capitalised, or "A"/"I" + more;
    in a script without case, any known word)?"""
    word = atom.first
    if not words.lexicon.cased:
        return words.known(word)
    if len(word) == 1:
        return word in ("A", "I") and len(atom.pieces) > 1
    return word[0].isupper() and word[1:].islower()


def _after_period(atoms: list[Atom], index: int, words: Words) -> bool | None:
    before = atoms[index - 1] if index > 0 else None
    after = atoms[index + 1]
    if before is None or after.kind != "w":
        return None
    if before.kind in "dx" or before.text in _CLOSERS:
        return True if _sentence_start(after, words) else None
    if before.kind != "w":
        return None
    left = before.last
    if len(left) == 1:  # initials and abbreviations: U.S., J.R.R.Tolkien, e.g.
        if _sentence_start(after, words) and len(after.first) >= 3:
            return False
        word = after.first
        return False if word.islower() and len(word) >= 2 and words.known(word) else None
    if left.isupper():  # an acronym (NATO.The) but never ASP.NET
        return False if _sentence_start(after, words) else None
    if _sentence_start(after, words):
        return words.known(left)  # "reforms.Meanwhile"; after a name it may be one (Kelvar.Media)
    if after.text in ("A", "I") and index + 2 == len(atoms) and words.known(left):
        return False  # "reporters.A spokesperson", only in damaged text
    word = after.first
    if word.isupper() and len(word) >= 2 and left.islower():
        return None if word.lower() in _FILE_EXTENSIONS else False
    return None


def _opens_run(atoms: list[Atom], index: int) -> bool:
    """Does the bracket that ``atoms[index]`` closes open the run (after quotes at most)?"""
    for position in range(index - 1, -1, -1):
        if atoms[position].text == "(":
            return all(atom.kind == "p" for atom in atoms[:position])
    return False


def _after_clause_mark(atoms: list[Atom], index: int, mark: str, words: Words) -> bool | None:
    before = atoms[index - 1] if index > 0 else None
    after = atoms[index + 1]
    if before is None or (before.kind not in "wdx" and before.text not in _CLOSERS):
        return None
    if after.kind == "w":
        if mark == ";" and index >= 2 and atoms[index - 2].text == "&":
            return None  # an HTML entity such as &amp;
        if mark == ":" and (len(after.text) < 2 or after.text in _GENDER_ENDINGS):
            return None
        if mark == ":" and after.first.islower() and not words.known(before.last):
            return None  # minecraft:stone, a name space rather than a sentence
        return True
    if mark == "," and before.kind == "w" and after.kind == "d":
        return True  # "Bushnell,25,"
    if mark == "," and before.kind == "d" and after.kind == "d":
        # 1,000 is a number; "June 5,2024" lacks a space before the year.
        year = len(after.text) == 4 and after.text[:2] in ("19", "20") and len(before.text) <= 2
        return True if year else None
    return None


def _around_digits(atoms: list[Atom], index: int) -> tuple[str, str, str] | None:
    """The words glued on both sides of the digit group at or after ``index`` and the group
    itself (``("Uint", "8", "Array")``), or None when letters are not on both sides."""
    digit = index if atoms[index].kind == "d" else index + 1
    if digit == 0 or digit + 1 >= len(atoms):
        return None
    before, after = atoms[digit - 1], atoms[digit + 1]
    if before.kind != "w" or after.kind != "w":
        return None
    return before.last, atoms[digit].text, after.first


def _between_digits(atoms: list[Atom], index: int) -> bool:
    """Is this a word between two digit groups ("9to5")?"""
    word = index if atoms[index].kind == "w" else index + 1
    return 0 < word < len(atoms) - 1 and atoms[word - 1].kind == atoms[word + 1].kind == "d"


def _leads_to_number(word: str, words: Words) -> bool:
    """Does ``word`` commonly stand before a number ("in 2024", "at 28")?"""
    if words.lexicon.code == "en":
        return word.lower() in _BEFORE_NUMBER
    return word.islower() and words.known(word, _TOP_ZIPF)


def _word_digit(atoms: list[Atom], index: int, words: Words) -> bool | None:
    before, after = atoms[index], atoms[index + 1]
    if _between_digits(atoms, index):
        return None  # 9to5, 4x4
    around = _around_digits(atoms, index)
    if around is not None:
        left, digits, right = around
        if len(digits) <= 2 or not (left.islower() and right.islower()):
            # A name or code (Uint8Array, my6sense, 9to5Toys); in text that lost its
            # spaces, maybe a number after a word that goes before numbers ("at28degrees").
            leads = _leads_to_number(left, words) and right.islower() and words.known(right)
            return False if leads and len(right) >= 2 else None
    if before.kind == "w" and after.kind == "d":
        word = before.last
        if _leads_to_number(word, words) or (
            len(word) >= 2 and word.islower() and words.known(word, FUNCTION_ZIPF)
        ):
            return True
        # "spent73", "worth856": likely, but "web3" is a name, so only in damaged text.
        return False if word.islower() and len(word) >= 3 and words.known(word) else None
    word = after.first
    if len(word) < 2 or word.lower() in _UNITS or word.isupper():
        return None
    if word[1:].islower() and words.known(word):
        return True
    return None


def gap_after(atoms: list[Atom], index: int, words: Words) -> bool | None:
    """Is a space missing between ``atoms[index]`` and the next atom? (None: no.)"""
    atom, after = atoms[index], atoms[index + 1]
    if {atom.kind, after.kind} == {"w", "d"}:
        return _word_digit(atoms, index, words)
    verdict = _after_mark(atoms, index, words)
    # Scripts without case give no sign of a sentence start, and their writers often glue
    # marks to the next word: a gap there is only taken in text damaged elsewhere.
    return False if verdict and not words.lexicon.cased else verdict


def _after_mark(atoms: list[Atom], index: int, words: Words) -> bool | None:
    atom, after = atoms[index], atoms[index + 1]
    if (after.text == "“" and after.quote != "close") or after.quote == "open":
        # An opening quote glued after a word, opening onto words (some styles close with
        # “, which is then followed by a mark or nothing).
        opens = index + 2 < len(atoms) and atoms[index + 2].kind in "wd"
        return True if opens and (atom.kind in "wd" or atom.text in ",;:.?!)”") else None
    if atom.kind == "x":  # press@ovi.orgforthe: a word glued after an address
        word = after.first
        if after.kind == "w" and word.islower() and len(word) >= 2:
            return False if words.known(word) else None
        return None
    if after.kind == "x" and atom.kind == "w":  # atpress@ovi.org, onexample.com
        return False if words.known(atom.last) else None
    if atom.kind != "p":
        if after.text == "(" and len(atom.last) >= 3 and index + 2 < len(atoms):
            # "Dosimetria(IRD)", "redirect(url": glued brackets are common in clean text
            inner = atoms[index + 2]
            return False if inner.kind in "wd" and len(inner.text) >= 2 else None
        if after.text in "$€£" and atom.kind == "w" and atom.last.islower():
            return True
        return None
    mark = atom.text
    if mark in ("”", ")", "]", "%") or atom.quote == "close":
        if after.kind != "w" or (mark in ")]" and len(after.text) <= 2 and after.text.islower()):
            return None  # fetch()es, [T]he
        if mark == "”" and index == 0:
            return None  # a ” after a space opens a quote in some styles
        if mark == ")" and after.text.islower() and _opens_run(atoms, index):
            return None  # (re-)definition, (sur)représentation: a prefix in brackets
        return True if len(after.first) >= 2 or _sentence_start(after, words) else None
    if mark == "." and after.text == "(" and index + 2 < len(atoms):
        return False if _sentence_start(atoms[index + 2], words) else None  # "lite.(Some"
    if mark == ".":
        return _after_period(atoms, index, words)
    if mark in _CLAUSE:
        return _after_clause_mark(atoms, index, mark, words)
    if mark in "?!؟" and after.kind == "w" and index > 0:
        return True if _sentence_start(after, words) else None
    return None
