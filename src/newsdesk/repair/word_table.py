"""A read-only table of words and a number each (a word's cost) that takes little memory.

A frequency list held as dicts of ``str`` (its costs and the segmenter's reach table) took
41 MiB for English's 301,000 words and ~100 for German's or Arabic's, in every process that
repairs. Here the words are a marisa trie (a succinct trie: under 3 bytes a word) and the
numbers an array indexed by each word's id in it: English's words and costs take ~3 MiB on
disk and in memory. A lookup walks the word down the trie instead of hashing it, a little
slower than a dict's; but ``prefixes`` finds every word a text starts with in one walk,
which the segmenter uses instead of looking up each piece. Read back from its files, a
table is copied into memory, not mapped: a mapped file cut short by another program would
kill the process at its next lookup (SIGBUS).

Written here because marisa-trie's own tries with values (``RecordTrie``, ``BytesTrie``)
answer a lookup with a list of values, and store them as bytes to decode.
"""

from __future__ import annotations

import hashlib
import json
import sys
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import marisa_trie


class WordTable:
    """Words and a number each, all of one array type code ("d": floats)."""

    __slots__ = ("_id", "_trie", "_values")

    def __init__(self, trie: marisa_trie.Trie, values: array[Any]) -> None:
        if len(values) != len(trie):
            raise ValueError(f"{len(trie)} words but {len(values)} values")
        self._trie, self._values = trie, values
        self._id = trie.get

    @classmethod
    def of(cls, pairs: Mapping[str, float], typecode: str) -> WordTable:
        trie = marisa_trie.Trie(pairs)
        values = array(typecode, bytes(array(typecode).itemsize * len(trie)))
        for word, value in pairs.items():
            values[trie[word]] = value
        return cls(trie, values)

    def get(self, word: str, default: Any = None) -> Any:
        at = self._id(word)
        return default if at is None else self._values[at]

    def __getitem__(self, word: str) -> Any:
        at = self._id(word)
        if at is None:
            raise KeyError(word)
        return self._values[at]

    def __contains__(self, word: object) -> bool:
        return word in self._trie

    def __len__(self) -> int:
        return len(self._trie)

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie)

    def begins(self, text: str) -> bool:
        """Whether some word of the table starts with ``text``."""
        return next(self._trie.iterkeys(text), None) is not None

    def prefixes(self, text: str) -> list[tuple[str, Any]]:
        """The words of the table that ``text`` starts with, shortest first, and their
        values."""
        values = self._values
        return [(word, values[at]) for word, at in self._trie.iter_prefixes_with_ids(text)]

    def items(self) -> Iterator[tuple[str, Any]]:
        values = self._values
        for word, at in self._trie.iteritems():
            yield word, values[at]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WordTable):
            return NotImplemented
        return len(self) == len(other) and list(self.items()) == list(other.items())

    __hash__ = None  # type: ignore[assignment]

    def save(self, directory: Path, name: str) -> None:
        """As ``name``.marisa (the words), ``name``.values (the numbers, in this machine's
        byte order) and ``name``.json (their digests, type and byte order)."""
        words, values = self._trie.tobytes(), self._values.tobytes()
        (directory / f"{name}.marisa").write_bytes(words)
        (directory / f"{name}.values").write_bytes(values)
        meta = {"typecode": self._values.typecode, "byteorder": sys.byteorder,
                "words": len(self), "sha256": [_sha256(words), _sha256(values)]}
        (directory / f"{name}.json").write_text(json.dumps(meta), "utf-8")

    @classmethod
    def load(cls, directory: Path, name: str) -> WordTable:
        """A table ``save`` wrote. ValueError when its files are not whole (their digests
        differ) or do not fit together; OSError when one cannot be read."""
        meta = json.loads((directory / f"{name}.json").read_text("utf-8"))
        words = (directory / f"{name}.marisa").read_bytes()
        data = (directory / f"{name}.values").read_bytes()
        if [_sha256(words), _sha256(data)] != meta["sha256"]:
            raise ValueError(f"the files of {directory / name} are not the ones written")
        if meta["byteorder"] != sys.byteorder:  # a cache shared with another kind of machine
            raise ValueError(f"{directory / name} holds {meta['byteorder']}-endian numbers")
        trie = marisa_trie.Trie()
        try:
            trie.frombytes(words)
        except RuntimeError as exc:  # marisa's own checks
            raise ValueError(f"{directory / name}: {exc}") from exc
        values = array(meta["typecode"])  # ValueError when it is not a type code
        values.frombytes(data)  # ValueError when its length does not fit
        table = cls(trie, values)
        if len(table) != meta["words"]:
            raise ValueError(f"{directory / name} holds {len(table)} words, not {meta['words']}")
        return table


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
