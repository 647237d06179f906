"""What an article is reduced to for grouping: a ``Signature`` the store keeps per article.

The text signed is ``body.grouping_paragraphs`` (standfirst and body, without dateline and
chrome lines) less what the article's site repeats (``boilerplate.strip``). A signature holds
three MinHash sketches and a few hashed token sets:

- ``minhash``: sketches of 7-character shingles of the squeezed text (every space and mark
  removed): the whole body, the lede (its first ``LEDE_CHARS`` characters) and the opening
  (its first ``OPENING_CHARS``). Copies are found and scored with these: the lede survives
  truncation and a new title, the opening survives a moved standfirst or a dateline, the body
  measures how much is shared.
- ``features``: the shingle counts (to turn Jaccard estimates into containment), a sketch of
  content words, hashed names, numbers and title+lede words (the looser rewrite signal), the
  article's site and its phrase units (for learning the site's boilerplate when the index is
  rebuilt from stored signatures).
"""

from __future__ import annotations

import struct
import sys
from array import array
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import rensa

from newsdesk.records import Article, Credit

from . import body as _body
from . import boilerplate as _boilerplate
from . import text as _text
from .errors import SignatureError

NUM_PERM = 128
WORD_PERM = 64
_SEED = 11
_WORD_SEED = 23
_MAX_NAMES = 64
_MAX_NUMBERS = 32
_MAX_TITLE_WORDS = 48
_FEATURES_VERSION = 2
LEDE_SHINGLES = _text.LEDE_CHARS - _text.SHINGLE_CHARS + 1  # at most, in a lede sketch
OPENING_SHINGLES = _text.OPENING_CHARS - _text.SHINGLE_CHARS + 1

SIGNATURE_SCHEME = (
    f"rensa{rensa.RMinHash.ALGORITHM_VERSION}-r{NUM_PERM}-c{_text.SHINGLE_CHARS}"
    f"-l{_text.LEDE_CHARS}-o{_text.OPENING_CHARS}-w{WORD_PERM}-v{_FEATURES_VERSION}"
)

_MINHASH_HEAD = struct.Struct("<HHH")
_FEATURES_HEAD = struct.Struct("<BIHHHBBBBI")


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

    @classmethod
    def of(cls, article_id: int, article: Article) -> StoryCandidate:
        """What grouping reads of ``article`` (stored as ``article_id``; 0: not stored)."""
        return cls(
            article_id=article_id, title=article.title, summary=article.summary,
            text=article.text, published=article.published, publisher=article.publisher,
            url=article.canonical_url or article.url, original_source=article.original_source,
        )


@dataclass(frozen=True)
class Signature:
    """What the store keeps per article so the index can be rebuilt without the text."""

    scheme: str
    minhash: bytes
    features: bytes


@dataclass(frozen=True, slots=True)
class Sketches:
    """The decoded copy signal of one article."""

    body: rensa.RMinHash
    lede: rensa.RMinHash
    opening: rensa.RMinHash


@dataclass(frozen=True, slots=True)
class Features:
    """The decoded rewrite signal of one article, its sizes, its site and phrase units."""

    shingles: int  # distinct shingles of the body...
    lede_shingles: int  # ...of its lede...
    opening_shingles: int  # ...and of its opening
    words: rensa.RMinHash
    names: frozenset[int]
    numbers: frozenset[int]
    title_words: frozenset[int]
    site: int
    units: tuple[int, ...]


def site_of(candidate: StoryCandidate) -> int:
    """The hashed site an article comes from: its publisher, else its URL's host."""
    name = "".join((candidate.publisher or "").split()).casefold()
    if not name:
        host = (urlsplit(candidate.url).hostname or "").removeprefix("www.")
        name = f"host:{host}"
    return _text.stable_hash(name)


def sign(
    candidate: StoryCandidate,
    known: _boilerplate.SiteMemory | _boilerplate.Boilerplate | None = None,
) -> Signature:
    """Reduce ``candidate`` to a ``Signature`` under the current ``SIGNATURE_SCHEME``;
    ``known``: what the candidate's site repeats, removed before signing."""
    paragraphs = _body.grouping_paragraphs(candidate.summary, candidate.text)
    units = _boilerplate.units(paragraphs)
    kept = _boilerplate.strip(paragraphs, known) if paragraphs else [candidate.title.strip()]
    body = "\n\n".join(kept)
    shingles = _text.char_shingles(_text.squeeze(body))
    lede = shingles[:LEDE_SHINGLES]  # the shingles of the first LEDE_CHARS characters
    opening = shingles[:OPENING_SHINGLES]
    states = [_sketch(s, NUM_PERM, _SEED).__getstate__() for s in (shingles, lede, opening)]
    minhash = _MINHASH_HEAD.pack(*(len(s) for s in states)) + b"".join(states)
    sizes = (len(set(shingles)), len(set(lede)), len(set(opening)))
    features = _pack_features(candidate, body, sizes, site_of(candidate), units)
    return Signature(SIGNATURE_SCHEME, minhash, features)


def decode_minhash(signature: Signature) -> Sketches:
    """The sketches of ``signature``; ``SignatureError`` if it cannot be read."""
    _check_scheme(signature)
    try:
        lengths = _MINHASH_HEAD.unpack_from(signature.minhash)
        pos, found = _MINHASH_HEAD.size, []
        for length in lengths:
            found.append(_restore(signature.minhash[pos : pos + length], NUM_PERM))
            pos += length
    except (struct.error, ValueError, TypeError) as exc:
        raise SignatureError(f"the minhash of a {signature.scheme} signature is damaged") from exc
    return Sketches(*found)


def decode_features(signature: Signature) -> Features:
    """The rewrite signal of ``signature``; ``SignatureError`` if it cannot be read."""
    _check_scheme(signature)
    data = signature.features
    try:
        (version, shingles, lede, opening, words_len, n_names, n_numbers, n_title, n_units,
         site) = _FEATURES_HEAD.unpack_from(data)
        if version != _FEATURES_VERSION:
            raise ValueError(version)
        pos = _FEATURES_HEAD.size
        words = _restore(data[pos : pos + words_len], WORD_PERM)
        hashes = _unpack_u32(data[pos + words_len :])
        if len(hashes) != n_names + n_numbers + n_title + n_units:
            raise ValueError("length")
    except (struct.error, ValueError, TypeError) as exc:
        raise SignatureError(f"the features of a {signature.scheme} signature are damaged") from exc
    title_end = n_names + n_numbers + n_title
    return Features(
        shingles=shingles, lede_shingles=lede, opening_shingles=opening, words=words,
        names=frozenset(hashes[:n_names]),
        numbers=frozenset(hashes[n_names : n_names + n_numbers]),
        title_words=frozenset(hashes[n_names + n_numbers : title_end]),
        site=site, units=tuple(hashes[title_end:]),
    )


def _pack_features(candidate: StoryCandidate, body: str, sizes: tuple[int, int, int],
                   site: int, units: list[int]) -> bytes:
    everything = f"{candidate.title}\n\n{body}"
    words = _sketch(_text.content_words(everything), WORD_PERM, _WORD_SEED).__getstate__()
    names = _hashed(_text.names(everything), _MAX_NAMES)
    numbers = _hashed(_text.numbers(everything), _MAX_NUMBERS)
    lede = f"{candidate.title} {body.split(chr(10) * 2, 1)[0]}"
    title_words = _hashed(set(_text.content_words(lede)), _MAX_TITLE_WORDS)
    head = _FEATURES_HEAD.pack(
        _FEATURES_VERSION, *sizes, len(words), len(names), len(numbers), len(title_words),
        len(units), site,
    )
    return head + words + _pack_u32(names + numbers + title_words + units)


def _sketch(tokens: list[str] | list[bytes], num_perm: int, seed: int) -> rensa.RMinHash:
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
