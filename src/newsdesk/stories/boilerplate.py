"""Phrases a site repeats across its articles: learned per site, removed before signing.

A tagline, a sign-off or "Follow us on Telegram for the latest news" that recurs in many of
one site's articles says nothing about which story an article tells; left in, it makes
different items of one feed look alike. So every article is reduced to *phrase units*, and
the index counts, per site, in how many articles each unit appeared; a unit seen in
``REPEATS`` or more articles of the site is boilerplate, and ``strip`` removes it from the
site's next articles.

Units are space-independent: the hash of each whole paragraph (squeezed: lower-cased, only
letters and digits) and of ``WINDOW``-character windows of the squeezed opening and ending, of
which only those whose CRC-32 is divisible by ``SAMPLE`` are kept. The choice depends on the
content alone, so one phrase yields the same units wherever it stands and however its spaces
were damaged. Memory per site is bounded: a unit is first remembered in a Bloom filter (two
generations, three bits a unit), and only a unit seen again gets a counter. With one bit a
unit, the filter's false "seen before"s gave ~10 counters an article, which a site kept for
48 of its articles: at 2,000 sites, ~100 MiB held for nothing.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from . import text as _text

WINDOW = 20  # squeezed characters, about three words of English
SAMPLE = 8  # one window in eight is a unit
OPENING_CHARS = 600  # where a feed's boilerplate lives: the opening...
ENDING_CHARS = 200  # ...and the ending
REPEATS = 4  # articles of one site a unit must appear in to count as boilerplate
MAX_UNITS = 128
_STRIP_OPENING = 1200  # where ``strip`` looks (chrome removal shifts the opening forwards)
_BITS = 1 << 15  # per generation and site: 4 KiB (about 13% of bits set by a full generation)
_HASHES = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D], dtype=np.uint64)  # bits a unit sets
_GENERATION = 12  # articles per filter generation: a unit must recur within 12-24 articles
_FORGET = 2000  # a boilerplate counter not seen for this many of the site's articles goes
# A counter short of REPEATS not seen again for this many goes sooner: many are the filter's
# false "seen before"s, which would otherwise pile up for _FORGET articles of a busy site.
_FORGET_UNPROVEN = 4 * _GENERATION
_ALNUM_RUN = re.compile(r"[^\W_]+")
_WORD_REACH = 12  # a cut inside a word is widened to the word's edge, this far at most


def units(paragraphs: list[str]) -> list[int]:
    """The phrase units of an article (sorted, distinct, at most ``MAX_UNITS``)."""
    whole = {_paragraph_unit(p) for p in [*paragraphs[:24], *paragraphs[-8:]]}
    windows = {unit for unit, _, _ in _sampled(paragraphs, OPENING_CHARS, ENDING_CHARS)}
    found = sorted(whole | windows)
    return found[:MAX_UNITS]


def strip(paragraphs: list[str], known: SiteMemory | Boilerplate | None) -> list[str]:
    """``paragraphs`` without the site's boilerplate: whole paragraphs and phrases in them."""
    if known is None or not known.has_boilerplate:
        return paragraphs
    kept = [p for p in paragraphs if not known.is_boilerplate(_paragraph_unit(p))]
    cuts: dict[int, list[tuple[int, int]]] = {}
    for unit, index, start, end in _windows(kept, _STRIP_OPENING, ENDING_CHARS):
        if known.is_boilerplate(unit):
            cuts.setdefault(index, []).append((start, end))
    for index, spans in cuts.items():
        kept[index] = _cut(kept[index], spans)
    return [p for p in kept if p.strip()] or paragraphs


class SiteMemory:
    """What one site repeats: a Bloom filter of units seen once, counters for units seen again."""

    __slots__ = ("_articles", "_filled", "_older", "_recent", "_repeats", "has_boilerplate")

    def __init__(self) -> None:
        self._recent = np.zeros(_BITS // 8, dtype=np.uint8)
        self._older = np.zeros(_BITS // 8, dtype=np.uint8)
        self._filled = 0
        self._articles = 0
        self._repeats: dict[int, list[int]] = {}  # unit -> [articles seen in, last article]
        self.has_boilerplate = False

    def observe(self, article_units: list[int]) -> None:
        """Count the units of one more article of the site."""
        self._articles += 1
        fresh = []
        for unit in article_units:
            seen = self._repeats.get(unit)
            if seen is None:
                fresh.append(unit)
                continue
            seen[0] += 1
            seen[1] = self._articles
            self.has_boilerplate |= seen[0] >= REPEATS
        if fresh:
            self._sift(np.array(fresh, dtype=np.uint64))
        self._filled += 1
        if self._filled >= _GENERATION:
            self._older, self._recent = self._recent, np.zeros(_BITS // 8, dtype=np.uint8)
            self._filled = 0
            self._forget()

    def _sift(self, fresh: np.ndarray) -> None:
        """Units seen for the first time go into the filter; those it has seen get a counter."""
        at, masks = _slots(fresh)
        again = ((self._recent[at] & masks) == masks).all(axis=1)
        again |= ((self._older[at] & masks) == masks).all(axis=1)
        for unit in fresh[again].tolist():
            self._repeats[unit] = [2, self._articles]
        new = ~again
        np.bitwise_or.at(self._recent, at[new], masks[new])

    def __len__(self) -> int:
        """Units counted so far (seen in two or more articles); bounded by forgetting."""
        return len(self._repeats)

    def is_boilerplate(self, unit: int) -> bool:
        seen = self._repeats.get(unit)
        return seen is not None and seen[0] >= REPEATS

    def boilerplate(self) -> Boilerplate:
        """What the site is known to repeat now, frozen (to sign in another process)."""
        return Boilerplate(frozenset(u for u, s in self._repeats.items() if s[0] >= REPEATS))

    def _forget(self) -> None:
        proven, unproven = self._articles - _FORGET, self._articles - _FORGET_UNPROVEN
        self._repeats = {u: s for u, s in self._repeats.items()
                         if s[1] >= (proven if s[0] >= REPEATS else unproven)}
        self.has_boilerplate = any(s[0] >= REPEATS for s in self._repeats.values())


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """The units a site is known to repeat, as ``SiteMemory`` answers for them."""

    units: frozenset[int]

    @property
    def has_boilerplate(self) -> bool:
        return bool(self.units)

    def is_boilerplate(self, unit: int) -> bool:
        return unit in self.units


def _paragraph_unit(paragraph: str) -> int:
    return zlib.crc32(_squeezed(paragraph).encode("utf-8", "surrogatepass")) | 1  # odd


def _windows(paragraphs: list[str], opening: int, ending: int,
             ) -> Iterator[tuple[int, int, int, int]]:
    """(unit, paragraph index, first char, last char + 1) of the sampled windows that lie in
    the first ``opening`` or the last ``ending`` squeezed characters of the article."""
    positions: dict[int, list[int]] = {}
    for unit, index, i in _sampled(paragraphs, opening, ending):
        if index not in positions:
            positions[index] = _positions(paragraphs[index])
        found = positions[index]
        yield unit, index, found[i], found[i + WINDOW - 1] + 1


def _sampled(paragraphs: list[str], opening: int, ending: int,
             ) -> Iterator[tuple[int, int, int]]:
    """(unit, paragraph index, start in the squeezed paragraph) of the sampled windows."""
    for index, chars, starts in _regions(paragraphs, opening, ending):
        crcs = _window_crcs(chars, starts)
        yield from [(crc & ~1, index, i)  # even: never a paragraph unit
                    for i, crc in zip(starts, crcs, strict=True) if (crc & ~1) % (SAMPLE * 2) == 0]


def _window_crcs(chars: str, starts: list[int]) -> list[int]:
    """The CRC-32 of the UTF-8 of ``chars[i : i + WINDOW]`` for each of ``starts``."""
    if chars.isascii():
        data = chars.encode("ascii")
        return [zlib.crc32(data[i : i + WINDOW]) for i in starts]
    return [zlib.crc32(chars[i : i + WINDOW].encode("utf-8", "surrogatepass")) for i in starts]


def _regions(paragraphs: list[str], opening: int, ending: int,
             ) -> Iterator[tuple[int, str, list[int]]]:
    """Per paragraph in the opening or the ending: its index, squeezed text, and where the
    windows in that region start. Only those paragraphs are squeezed."""
    squeezed: dict[int, str] = {}
    starts: dict[int, set[int]] = {}
    offset = 0
    for index in range(len(paragraphs)):  # the opening, forwards
        if offset >= opening:
            break
        chars = squeezed[index] = _squeezed(paragraphs[index])
        starts[index] = set(range(min(len(chars), opening - offset) - WINDOW + 1))
        offset += len(chars)
    offset = 0
    for index in range(len(paragraphs) - 1, -1, -1):  # the ending, backwards
        if offset >= ending:
            break
        chars = squeezed.get(index) or _squeezed(paragraphs[index])
        squeezed[index] = chars
        first = max(0, len(chars) - (ending - offset))
        starts.setdefault(index, set()).update(range(first, len(chars) - WINDOW + 1))
        offset += len(chars)
    for index in sorted(starts):
        yield index, squeezed[index], sorted(starts[index])


def _squeezed(paragraph: str) -> str:
    """``paragraph`` lower-cased, letters and digits only (spaces and marks dropped)."""
    return _text.alnum_only(_lower(paragraph))


def _positions(paragraph: str) -> list[int]:
    """For each character of ``_squeezed(paragraph)``, its index in ``paragraph``."""
    found: list[int] = []
    for run in _ALNUM_RUN.finditer(_lower(paragraph)):
        found.extend(range(run.start(), run.end()))
    return found


def _lower(paragraph: str) -> str:
    lowered = paragraph.lower()
    if len(lowered) == len(paragraph):
        return lowered
    # a rare letter lower-cases to two characters ("İ"): keep every position in place
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in paragraph)


def _cut(paragraph: str, spans: list[tuple[int, int]]) -> str:
    """``paragraph`` without the characters in ``spans``, each widened to whole words."""
    removed = bytearray(len(paragraph))
    for start, end in spans:
        reach = 0
        while start > 0 and reach < _WORD_REACH and paragraph[start - 1].isalnum():
            start, reach = start - 1, reach + 1
        reach = 0
        while end < len(paragraph) and reach < _WORD_REACH and paragraph[end].isalnum():
            end, reach = end + 1, reach + 1
        removed[start:end] = b"\x01" * (end - start)
    text = "".join(c for c, gone in zip(paragraph, removed, strict=True) if not gone)
    return " ".join(w for w in text.split() if any(c.isalnum() for c in w))  # no stray marks


def _slots(units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The filter's bytes and bit masks for each of ``units``: shape (units, hashes)."""
    with np.errstate(over="ignore"):
        mixed = (units[:, None] * _HASHES) & np.uint64(0xFFFFFFFF)
    bits = ((mixed >> np.uint64(8)) % np.uint64(_BITS)).astype(np.intp)
    return bits >> 3, (1 << (bits & 7)).astype(np.uint8)
