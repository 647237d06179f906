"""Turning article text into the tokens both signals are built from.

Copies are compared on characters with every space and mark removed, so a copy whose spaces
were lost ("themayorsaid") still yields the same shingles as its clean original. Rewrites are
compared on words: content words, capitalised names and numbers.
"""

from __future__ import annotations

import re
import zlib
from importlib.resources import files

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

SHINGLE_CHARS = 7  # short enough that a dropped letter spoils few shingles, long enough to be rare
LEDE_CHARS = 400  # normalised characters forming the lede sketch; truncated copies keep them
OPENING_CHARS = 1200  # the opening: the lede plus what a moved standfirst or dateline shifts

_NOT_ALNUM = re.compile(r"[\W_]+")
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_NAME = re.compile(r"\b[A-Z][^\W\d_]+(?:['’-][A-Z]?[^\W\d_]+)*")
# The same patterns for ASCII text, where they match the same and run faster (~1.5x).
_ASCII_WORD = re.compile(_WORD.pattern, re.ASCII)
_ASCII_NAME = re.compile(_NAME.pattern, re.ASCII)
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")

STOPWORDS = frozenset(
    line.strip()
    for line in files(__package__).joinpath("stopwords.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


def stable_hash(token: str) -> int:
    """A 32-bit hash that is the same in every process (``hash()`` is salted per process)."""
    return zlib.crc32(token.encode("utf-8", "surrogatepass"))


def squeeze(text: str) -> str:
    """Lower-case ``text`` and drop everything that is not a letter or digit."""
    return alnum_only(text.lower())


def alnum_only(text: str) -> str:
    """``text`` without what is not a letter or digit."""
    if text.isascii():  # deleting bytes in C: ~10x the regex's speed
        return text.encode("ascii").translate(None, _ASCII_NOT_ALNUM).decode("ascii")
    # Spaces and ASCII marks go the same way first (UTF-8 never holds an ASCII byte inside
    # another character); the regex then looks at what is left, if anything: ~2x as fast.
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_NOT_ALNUM)
    letters = rest.decode("utf-8", "surrogatepass")
    return letters if letters.isalnum() else _NOT_ALNUM.sub("", letters)


def char_shingles(squeezed: str) -> list[str] | list[bytes]:
    """Every ``SHINGLE_CHARS``-long substring of an already squeezed text: of an ASCII text,
    as bytes (cut by NumPy, ~3x faster; rensa hashes a str as its UTF-8, so the sketches are
    the same)."""
    k = SHINGLE_CHARS
    if len(squeezed) <= k:
        return [squeezed] if squeezed else []
    if squeezed.isascii():  # no NUL either (letters and digits only): "S7" keeps every byte
        codes = np.frombuffer(squeezed.encode("ascii"), np.uint8)
        return sliding_window_view(codes, k).copy().view(f"S{k}").ravel().tolist()
    return [squeezed[i : i + k] for i in range(len(squeezed) - k + 1)]


def content_words(text: str) -> list[str]:
    """Lower-case words of four letters or more that are not stop words, cut to a crude stem."""
    lowered = text.lower()
    found = (_ASCII_WORD if lowered.isascii() else _WORD).findall(lowered)
    return [w[:6] for w in found if len(w) >= 4 and w not in STOPWORDS]


def names(text: str) -> set[str]:
    """Capitalised words that are not stop words: people, places, organisations (roughly)."""
    found = (_ASCII_NAME if text.isascii() else _NAME).findall(text)
    return {lowered for lowered in map(str.lower, found) if lowered not in STOPWORDS}


def numbers(text: str) -> set[str]:
    """Numbers as written, without thousands separators or a trailing full stop."""
    found = (n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text))
    return {n for n in found if n}


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of ``text``, stripped (a blank line or a line break separates them)."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
