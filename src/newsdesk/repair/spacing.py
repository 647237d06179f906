"""Finding where one paragraph lost spaces: inside glued words and after punctuation.

The scan is cheap for clean text: each whitespace-delimited run is matched against one regex
and its word looked up in the language's lexicon; only runs that fail go through the rules
and the word segmenter (``segment``). Each missing space found is a ``Gap``, weighed by how
surely it shows damage (see ``Thresholds``).

Nothing is edited without evidence that the paragraph lost spaces: glued sentence marks
("reforms.Meanwhile"), glued common words ("thecabinet"). With some, the sure gaps are
mended; with more, the paragraph is read again in *damaged mode*, which also takes weak gaps
(names glued to names, rare words), splits rarer runs, and prices each extra word by the share
of spaces the paragraph lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.repair.lexicon import COMMON_ZIPF, INF, Lexicon
from newsdesk.repair.protected import protected_spans
from newsdesk.repair.punctuation import LETTERS, Atom, atoms_of, gap_after
from newsdesk.repair.segment import Split, split_run
from newsdesk.repair.words import Words

_RUN = re.compile(r"\S+")
_QUOTE = re.compile(r'"')
_OPENERS = "(\\[\"“‘'«„"
_CLOSERS = ")\\]\"”’'».,;:?!،؛؟"
_SIMPLE_RUN = re.compile(rf"[{_OPENERS}]*({LETTERS})(?:['’]s)?[{_CLOSERS}]*")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_LETTERED_RUN = re.compile(r"[^\W\d_]\S*")  # from a run's first letter to its end: one a run
_COMMON_COST = 9.0 - COMMON_ZIPF
_MARK = 2


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Evidence: a sure gap in a split counts 1 (2 next to the commonest words), a sure gap
    after a sentence mark 2, at most ``per_run`` a run (so one compound cannot make the
    case alone). Sure gaps are applied from ``evidence``, all gaps found in damaged mode from
    ``damaged``."""

    evidence: int
    damaged: int
    per_run: int


_CASED = Thresholds(evidence=2, damaged=3, per_run=3)
# Persian and Arabic build many words by joining parts that are words too (در+گذشتگان,
# راه+كارهاي), so their clean text shows more of what looks like evidence.
_CASELESS = Thresholds(evidence=3, damaged=5, per_run=5)


def thresholds(words: Words) -> Thresholds:
    return _CASED if words.lexicon.cased else _CASELESS


# Short words (3 to 5 letters) standing alone; when more than this share of at least so many
# are unknown, the paragraph is not in the lexicon's language (clean news: under 0.3).
_SHORT_WORD = re.compile(rf"(?<!\S)[{_OPENERS}]*([^\W\d_]{{3,5}})(?=[{_CLOSERS}]*(?:\s|$))")
_FOREIGN_SHARE = 0.6
_FOREIGN_MIN = 4
_PLAINLY_LOST = 0.45  # a paragraph that lost this share of its spaces (clean news: < 0.3)


@dataclass(frozen=True, slots=True)
class Gap:
    """A missing space at ``offset`` (a space goes before the character there); ``weight``
    is 0 for a weak gap, else how surely it shows damage."""

    offset: int
    weight: int

    @property
    def strong(self) -> bool:
        return self.weight > 0


@dataclass(frozen=True, slots=True)
class Scan:
    """What a scan of a paragraph decided: the gaps to mend (none without evidence; the sure
    ones with some; all found in damaged mode with plenty), and every candidate it saw."""

    gaps: list[Gap]
    evidence: int
    damaged: bool  # found in damaged mode
    gaps_seen: list[Gap] | None = None  # when more than ``gaps`` (for the damage score)

    @property
    def candidates(self) -> list[Gap]:
        return self.gaps if self.gaps_seen is None else self.gaps_seen


def _looks_fine(run: str, words: Words, damaged: bool) -> bool:
    """True when a run surely needs no space: no letters, or one plain word (with
    punctuation around it) that the lexicon or the learned words know. In damaged mode a
    rare word must also be kept whole by the segmenter."""
    word = _plain_word(run)
    if word is None:
        return _HAS_LETTER.search(run) is None
    if _known_whole(word, words.lexicon, damaged):
        return True
    if words.learned is not None and word.lower() in words.learned:
        return True
    split = split_run(word, words, damaged=damaged)
    return split is None


def _plain_word(run: str) -> str | None:
    """The one word of a run that is a word with punctuation around it, else None."""
    if run.isalpha():
        return run  # the common case, kept quick
    match = _SIMPLE_RUN.fullmatch(run)
    return None if match is None else match.group(1)


def _known_whole(word: str, lexicon: Lexicon, damaged: bool) -> bool:
    """Is ``word`` whole by the lexicon alone (short, common, or known in clean text)?"""
    if len(word) < 3:
        return True
    key = word.lower() if word.isascii() else lexicon.key(word)
    cost = lexicon.costs.get(key, INF)
    return cost <= _COMMON_COST or (not damaged and cost < INF)


# Runs a clean-text scan found whole by the lexicon alone, per language: most runs of the
# next paragraph are among them, and are passed over without a look. Bounded: emptied when
# full (it refills with the commonest runs first). A paragraph is scanned several times in
# one repair, so a text's runs are what count: scanning the real English paragraphs twice
# each took the same time with 8,192, 32,768 or 100,000 runs kept (0.69-0.73 s), and
# 100,000 held ~10 MiB more (docs/ingest.md, round 8).
_FINE_RUNS: dict[str, set[str]] = {}
_FINE_RUNS_MAX = 32_768


def _fine_runs(lexicon: Lexicon) -> set[str]:
    fine = _FINE_RUNS.setdefault(lexicon.code, set())
    if len(fine) > _FINE_RUNS_MAX:
        fine.clear()
    return fine


def _whole_by_lexicon(run: str, lexicon: Lexicon) -> bool:
    word = _plain_word(run)
    if word is None:
        return _HAS_LETTER.search(run) is None
    return _known_whole(word, lexicon, damaged=False)


def _initial_split(atoms: list[Atom], index: int, words: Words, damaged: bool) -> Split | None:
    """Words glued before an initial ("theU.S.", "andtheE.U.")."""
    text = atoms[index].text
    followed_by_dot = index + 1 < len(atoms) and atoms[index + 1].text == "."
    if not followed_by_dot or len(text) < 3 or not (text[-1].isupper() and text[-2].islower()):
        return None
    head = text[:-1]
    if words.known(head):
        return Split((head, text[-1]), (1,))
    split = split_run(head, words, damaged=damaged)
    if split is None or not words.known(split.pieces[-1]):
        return None
    return Split((*split.pieces, text[-1]), (*split.sureness, max(split.sureness)))


def _split_words(atoms: list[Atom], words: Words, damaged: bool) -> list[Gap]:
    gaps: list[Gap] = []
    for index, atom in enumerate(atoms):
        if atom.kind != "w":
            continue
        after_apostrophe = index > 0 and atoms[index - 1].text in "'’"
        split = _initial_split(atoms, index, words, damaged) or split_run(
            atom.text, words, after_apostrophe=after_apostrophe, damaged=damaged
        )
        if split is None:
            continue
        atom.pieces = split.pieces
        offset = atom.start
        for piece, sureness in zip(split.pieces, split.sureness, strict=False):
            offset += len(piece)
            gaps.append(Gap(offset, sureness))
    return gaps


def _quote_roles(text: str) -> dict[int, str]:
    """Straight double quotes alternate open/close within a paragraph, when they pair up."""
    roles: dict[int, str] = {}
    if '"' not in text:
        return roles
    offsets = [m.start() for m in _QUOTE.finditer(text)]
    if len(offsets) % 2 == 0:
        for number, offset in enumerate(offsets):
            roles[offset] = "close" if number % 2 else "open"
    return roles


def run_gaps(
    run: str, start: int, words: Words, quotes: dict[int, str], low_quotes: bool, damaged: bool
) -> list[Gap]:
    """Missing spaces inside one whitespace-free run that begins at ``start`` in its text."""
    atoms = atoms_of(run, protected_spans(run, words, damaged))
    for atom in atoms:
        if atom.text == '"':
            atom.quote = quotes.get(start + atom.start, "")
        elif atom.text == "“" and low_quotes:
            atom.quote = "close"
    gaps = _split_words(atoms, words, damaged)
    for index in range(len(atoms) - 1):
        verdict = gap_after(atoms, index, words)
        if verdict is not None:
            gaps.append(Gap(atoms[index + 1].start, _MARK if verdict else 0))
    return [Gap(gap.offset + start, gap.weight) for gap in sorted(gaps, key=lambda g: g.offset)]


def _clean_runs(paragraph: str, words: Words) -> _Verdicts | None:
    """None when a clean-text look passes every run of ``paragraph`` as whole (the common
    case, decided mostly as a set against ``_FINE_RUNS``); else the verdicts so far, for the
    scan to go on with. Runs are judged in the order they stand, up to the first suspect,
    and each distinct run once: its verdict does not depend on where it stands."""
    fine = _fine_runs(words.lexicon)
    runs = paragraph.split()
    unknown = set(runs)
    unknown.difference_update(fine)
    verdicts = _Verdicts(unknown, fine, words)
    if unknown and any(verdicts.suspect(run) for run in runs if run in unknown):
        return verdicts
    return None


class _Verdicts:
    """Whether each run of a paragraph is suspect in a clean-text look, judged once each."""

    __slots__ = ("_fine", "_judged", "_unknown", "_words")

    def __init__(self, unknown: set[str], fine: set[str], words: Words) -> None:
        self._unknown, self._fine, self._words = unknown, fine, words
        self._judged: dict[str, bool] = {}

    def suspect(self, run: str) -> bool:
        if run not in self._unknown:
            return False  # known whole before this paragraph
        judged = self._judged.get(run)
        if judged is None:
            if _whole_by_lexicon(run, self._words.lexicon):
                self._fine.add(run)
                judged = False
            else:
                judged = not _looks_fine(run, self._words, damaged=False)
            self._judged[run] = judged
        return judged


def _scan(paragraph: str, words: Words, damaged: bool, enough: int | None = None) -> Scan:
    """Every candidate gap in ``paragraph`` (strong and weak), and how surely it is damaged;
    stops early once the evidence reaches ``enough``."""
    gaps: list[Gap] = []
    evidence = 0
    verdicts = None if damaged else _clean_runs(paragraph, words)
    if not damaged and verdicts is None:
        return Scan(gaps, evidence, damaged)  # clean text: every run known whole
    per_run = thresholds(words).per_run
    quotes = _quote_roles(paragraph)
    low_quotes = "„" in paragraph  # „German quotes“ close with the English opening mark
    for match in _RUN.finditer(paragraph):
        run = match.group()
        whole = _looks_fine(run, words, damaged) if verdicts is None else not verdicts.suspect(run)
        if whole:
            continue
        found = run_gaps(run, match.start(), words, quotes, low_quotes, damaged)
        evidence += min(per_run, sum(gap.weight for gap in found))
        gaps.extend(found)
        if enough is not None and evidence >= enough:
            break
    return Scan(gaps, evidence, damaged)


def scan(paragraph: str, words: Words) -> Scan:
    """The candidate gaps of ``paragraph``: a first look with the clean text's rules, and when
    that finds plenty of evidence, a second in damaged mode (its ``damaged`` is True)."""
    enough = thresholds(words)
    lost = lost_share(paragraph, words.lexicon.mean_length)
    second = None
    if lost >= _PLAINLY_LOST:  # spare the first look: its evidence comes with the second
        second = _scan(paragraph, words.damaged(lost), damaged=True)
        if second.evidence >= enough.damaged:
            return Scan([], 0, damaged=False) if _foreign(paragraph, words) else second
    first = _scan(paragraph, words, damaged=False, enough=enough.damaged)
    if first.evidence < enough.evidence:
        return Scan([], first.evidence, damaged=False, gaps_seen=first.gaps)
    if _foreign(paragraph, words):
        return Scan([], 0, damaged=False)
    if first.evidence < enough.damaged:
        return Scan([gap for gap in first.gaps if gap.strong], first.evidence, False, first.gaps)
    return second or _scan(paragraph, words.damaged(lost), damaged=True)


def _foreign(paragraph: str, words: Words) -> bool:
    """Are the paragraph's short words mostly unknown to its lexicon (a language without a
    vocabulary here, taken for one that has)? Short words survive damage: in text that lost
    spaces they are the ones still standing alone, and known."""
    short = unknown = 0
    costs = words.lexicon.costs
    for match in _SHORT_WORD.finditer(paragraph):
        short += 1
        unknown += words.lexicon.key(match.group(1)) not in costs
    return short >= _FOREIGN_MIN and unknown > _FOREIGN_SHARE * short


def spacing_gaps(found: Scan) -> list[int]:
    """Offsets in the scanned paragraph where a space should go (before the character
    there)."""
    return sorted({gap.offset for gap in found.gaps})


def lost_share(paragraph: str, mean_length: float) -> float:
    """The share of its spaces ``paragraph`` lost, judged from how many letters its runs hold
    against how many a word of its language has."""
    letters = sum(map(str.isalpha, paragraph))
    runs = len(_LETTERED_RUN.findall(paragraph))
    expected = letters / mean_length
    return max(0.0, 1.0 - runs / expected) if expected > runs else 0.0
