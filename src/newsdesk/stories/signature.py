"""What an article is reduced to for grouping: a ``Signature`` the store keeps per article.

A signature holds three MinHash sketches and a few hashed token sets:

- ``minhash``: the body sketch (7-character shingles of the whole squeezed body) and the lede
  sketch (the same shingles over its first ``LEDE_CHARS`` characters). Copies are found with
  these: the lede survives truncation and a new title, the body measures how much is shared.
- ``features``: the shingle count (to turn a Jaccard estimate into containment), a sketch of
  content words, and hashed names, numbers and title+lede words: the looser rewrite signal.
"""

from __future__ import annotations

import struct
import sys
from array import array
from dataclasses import dataclass
from datetime import datetime

import rensa

from newsdesk.records import Credit

from . import text as _text
from .errors import SignatureError

NUM_PERM = 128
WORD_PERM = 64
_SEED = 11
_WORD_SEED = 23
_MAX_NAMES = 64
_MAX_NUMBERS = 32
_MAX_TITLE_WORDS = 48
_FEATURES_VERSION = 1
LEDE_SHINGLES = _text.LEDE_CHARS - _text.SHINGLE_CHARS + 1  # at most, in a lede sketch

SIGNATURE_SCHEME = (
    f"rensa{rensa.RMinHash.ALGORITHM_VERSION}-r{NUM_PERM}-c{_text.SHINGLE_CHARS}"
    f"-l{_text.LEDE_CHARS}-w{WORD_PERM}-v{_FEATURES_VERSION}"
)

_MINHASH_HEAD = struct.Struct("<HH")
_FEATURES_HEAD = struct.Struct("<BIHBBB")


@dataclass(frozen=True)
class StoryCandidate:
    """An article about to be grouped: the fields grouping looks at."""

    article_id: int
    title: str
    summary: str
    text: str  # repaired body, paragraphs separated by blank lines
    published: datetime | None
    publisher: str | None
    url: str
    original_source: Credit | None


@dataclass(frozen=True)
class Signature:
    """What the store keeps per article so the index can be rebuilt without the text."""

    scheme: str
    minhash: bytes
    features: bytes


@dataclass(frozen=True, slots=True)
class Features:
    """The decoded rewrite signal of one article."""

    shingles: int
    words: rensa.RMinHash
    names: frozenset[int]
    numbers: frozenset[int]
    title_words: frozenset[int]


def sign(candidate: StoryCandidate) -> Signature:
    """Reduce ``candidate`` to a ``Signature`` under the current ``SIGNATURE_SCHEME``."""
    body = candidate.text.strip() or candidate.summary.strip() or candidate.title.strip()
    squeezed = _text.squeeze(body)
    shingles = _text.char_shingles(squeezed)
    lede_shingles = shingles[:LEDE_SHINGLES]  # the shingles of the first LEDE_CHARS characters
    body_sketch = _sketch(shingles, NUM_PERM, _SEED)
    lede_sketch = _sketch(lede_shingles, NUM_PERM, _SEED)
    body_state, lede_state = body_sketch.__getstate__(), lede_sketch.__getstate__()
    minhash = _MINHASH_HEAD.pack(len(body_state), len(lede_state)) + body_state + lede_state
    return Signature(SIGNATURE_SCHEME, minhash, _pack_features(candidate, body, len(set(shingles))))


def decode_minhash(signature: Signature) -> tuple[rensa.RMinHash, rensa.RMinHash]:
    """The (body, lede) sketches of ``signature``; ``SignatureError`` if it cannot be read."""
    _check_scheme(signature)
    try:
        body_len, lede_len = _MINHASH_HEAD.unpack_from(signature.minhash)
        start = _MINHASH_HEAD.size
        body = _restore(signature.minhash[start : start + body_len], NUM_PERM)
        lede = _restore(signature.minhash[start + body_len : start + body_len + lede_len], NUM_PERM)
    except (struct.error, ValueError, TypeError) as exc:
        raise SignatureError(f"the minhash of a {signature.scheme} signature is damaged") from exc
    return body, lede


def decode_features(signature: Signature) -> Features:
    """The rewrite signal of ``signature``; ``SignatureError`` if it cannot be read."""
    _check_scheme(signature)
    data = signature.features
    try:
        version, shingles, words_len, n_names, n_numbers, n_title = _FEATURES_HEAD.unpack_from(data)
        if version != _FEATURES_VERSION:
            raise ValueError(version)
        pos = _FEATURES_HEAD.size
        words = _restore(data[pos : pos + words_len], WORD_PERM)
        pos += words_len
        hashes = _unpack_u32(data[pos:])
        if len(hashes) != n_names + n_numbers + n_title:
            raise ValueError("length")
    except (struct.error, ValueError, TypeError) as exc:
        raise SignatureError(f"the features of a {signature.scheme} signature are damaged") from exc
    return Features(
        shingles=shingles,
        words=words,
        names=frozenset(hashes[:n_names]),
        numbers=frozenset(hashes[n_names : n_names + n_numbers]),
        title_words=frozenset(hashes[n_names + n_numbers :]),
    )


def _pack_features(candidate: StoryCandidate, body: str, shingles: int) -> bytes:
    everything = f"{candidate.title}\n\n{body}"
    words = _sketch(_text.content_words(everything), WORD_PERM, _WORD_SEED).__getstate__()
    names = _hashed(_text.names(everything), _MAX_NAMES)
    numbers = _hashed(_text.numbers(everything), _MAX_NUMBERS)
    lede = f"{candidate.title} {_text.first_paragraph(body)}"
    title_words = _hashed(set(_text.content_words(lede)), _MAX_TITLE_WORDS)
    head = _FEATURES_HEAD.pack(
        _FEATURES_VERSION, shingles, len(words), len(names), len(numbers), len(title_words)
    )
    return head + words + _pack_u32(names + numbers + title_words)


def _sketch(tokens: list[str], num_perm: int, seed: int) -> rensa.RMinHash:
    sketch = rensa.RMinHash(num_perm, seed)
    if tokens:
        sketch.update(tokens)
    return sketch


def _restore(state: bytes, num_perm: int) -> rensa.RMinHash:
    sketch = rensa.RMinHash.__new__(rensa.RMinHash, num_perm, _SEED)
    sketch.__setstate__(state)
    if len(sketch.digest()) != num_perm:
        raise ValueError("num_perm")
    return sketch


def _hashed(tokens: set[str], limit: int) -> list[int]:
    # Keep the smallest hashes: a deterministic sample, like a bottom-k sketch.
    return sorted(_text.stable_hash(t) for t in tokens)[:limit]


def _pack_u32(values: list[int]) -> bytes:
    packed = array("I", values)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def _unpack_u32(data: bytes) -> list[int]:
    values = array("I")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


def _check_scheme(signature: Signature) -> None:
    if signature.scheme != SIGNATURE_SCHEME:
        raise SignatureError(
            f"signature scheme {signature.scheme!r} is not {SIGNATURE_SCHEME!r}; re-sign it"
        )
