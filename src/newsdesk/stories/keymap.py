"""Compact multimaps from 64-bit keys to article ids: the index's LSH bands and postings.

A Python dict of lists costs ~100 bytes per (key, id) pair and rensa's LSH tables about as
much per band; the index holds ~100 pairs per article (48 LSH bands, up to 96 names and
numbers), so at ~3,000 articles a day that dominated its memory. Here pairs sit in two
sorted NumPy arrays (8 bytes a pair), and the latest additions in a small dict, merged into
the arrays when it grows. The index keeps one map per publication day and drops a day at a
time; nothing is ever removed from a map.

A key is held in 32 bits (its two halves xor'ed; names' and numbers' hashes are 32-bit
already), so two keys may meet by chance: against a day's ~150,000 band keys, once in
~30,000 lookups. A chance meeting only adds a candidate, which the index then judges on its
sketches; it never joins two articles by itself. Ids are held in 32 bits while they fit
(row ids start at 1), in 64 once one does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np

_MERGE_AT = 4096  # pairs held in the dict before they join the sorted arrays
_EMPTY_KEYS = np.empty(0, dtype=np.uint32)
_EMPTY_IDS = np.empty(0, dtype=np.uint32)  # widened to int64 when an id does not fit
_LOW_HALF = 0xFFFFFFFF
# Band keys: a polynomial hash of the band's rows, modulo 2**64, with fixed odd weights and
# a salt per band (so equal rows in two bands never share a key).
_RANDOM = np.random.default_rng(20250619)
_WEIGHTS = _RANDOM.integers(0, 2**64 - 1, size=64, dtype=np.uint64, endpoint=True) | np.uint64(1)
_SALTS = _RANDOM.integers(0, 2**64 - 1, size=256, dtype=np.uint64, endpoint=True)


def band_keys(digest: Sequence[int], bands: int, first_band: int = 0) -> np.ndarray:
    """One key per LSH band of a MinHash ``digest`` (``bands`` bands of equal rows); two
    digests share a band's key exactly when they agree on all of its rows. ``first_band``
    numbers the bands, so several sketches can share one map."""
    rows = len(digest) // bands
    values = np.asarray(digest, dtype=np.uint64).reshape(bands, rows)
    with np.errstate(over="ignore"):
        keys = (values * _WEIGHTS[:rows]).sum(axis=1, dtype=np.uint64)
        return keys + _SALTS[first_band : first_band + bands]


class KeyMap:
    """Article ids under 64-bit keys; a key may hold many ids, an id many keys."""

    __slots__ = ("_ids", "_keys", "_recent", "_recent_pairs")

    def __init__(self) -> None:
        self._keys = _EMPTY_KEYS  # sorted, folded to 32 bits (`_folded`)
        self._ids = _EMPTY_IDS  # the id of each key above
        self._recent: dict[int, list[int]] = {}
        self._recent_pairs = 0

    def __len__(self) -> int:
        """(key, id) pairs held."""
        return len(self._keys) + self._recent_pairs

    def add(self, keys: Iterable[int], article_id: int) -> None:
        recent = self._recent
        added = 0
        for key in keys:
            key = (key ^ (key >> 32)) & _LOW_HALF
            found = recent.get(key)
            if found is None:
                recent[key] = [article_id]
            else:
                found.append(article_id)
            added += 1
        self._recent_pairs += added
        if self._recent_pairs >= _MERGE_AT:
            self._merge()

    def any_of(self, keys: np.ndarray) -> set[int]:
        """Ids held under any of ``keys``."""
        found: set[int] = set()
        for _, ids in self.groups(keys):
            found.update(ids)
        return found

    def groups(self, keys: np.ndarray) -> Iterator[tuple[int, list[int]]]:
        """(key, its ids) for each of ``keys`` that holds any (a key given twice, twice);
        the key as held, in 32 bits."""
        keys = _folded(keys)
        if len(self._keys):
            low = np.searchsorted(self._keys, keys, side="left")
            high = np.searchsorted(self._keys, keys, side="right")
            hit = np.flatnonzero(high > low)
        else:
            hit = _EMPTY_IDS
        recent = self._recent
        start = 0
        for index in hit.tolist():
            for key in keys[start:index].tolist():  # keys with no stored pair
                if key in recent:
                    yield key, recent[key]
            key = int(keys[index])
            ids = self._ids[low[index] : high[index]].tolist()
            yield key, ids + recent.get(key, [])
            start = index + 1
        for key in keys[start:].tolist():
            if key in recent:
                yield key, recent[key]

    def extend(self, keys: np.ndarray, ids: np.ndarray) -> None:
        """Add many pairs at once (``ids[i]`` under ``keys[i]``): one sort for them all,
        not one for every 4,096 (a day read back from the store)."""
        if self._recent_pairs:
            self._merge()
        self._absorb(_folded(keys), ids)

    def _merge(self) -> None:
        count = self._recent_pairs
        keys = np.empty(count, dtype=np.uint32)
        ids = np.empty(count, dtype=np.int64)
        at = 0
        for key, found in self._recent.items():
            keys[at : at + len(found)] = key
            ids[at : at + len(found)] = found
            at += len(found)
        self._recent, self._recent_pairs = {}, 0
        self._absorb(keys, ids)

    def _absorb(self, keys: np.ndarray, ids: np.ndarray) -> None:
        if self._ids.dtype == np.uint32 and len(ids) and not (
                ids.min() >= 0 and ids.max() <= _LOW_HALF):
            self._ids = self._ids.astype(np.int64)
        keys = np.concatenate((self._keys, keys))
        ids = np.concatenate((self._ids, ids.astype(self._ids.dtype, copy=False)))
        order = np.argsort(keys, kind="stable")
        self._keys, self._ids = keys[order], ids[order]


def _folded(keys: np.ndarray) -> np.ndarray:
    """64-bit keys in 32 bits: the low half xor'ed with the high (a 32-bit key unchanged)."""
    keys = keys.astype(np.uint64, copy=False)
    return ((keys >> np.uint64(32)) ^ keys).astype(np.uint32)
