"""A word table answers as the dict it was made from, and reads back from its files as it
was saved, or refuses files that are not whole."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsdesk.repair.word_table import WordTable

COSTS = {"harbour": 4.25, "harbourmaster": 6.5, "lantern": 5.0, "فرمانداری": 5.75, "ß": 7.0}


def test_it_answers_as_the_dict_it_was_made_from() -> None:
    table = WordTable.of(COSTS, "d")
    assert len(table) == len(COSTS)
    assert dict(table.items()) == COSTS
    assert sorted(table) == sorted(COSTS)
    for word, cost in COSTS.items():
        assert word in table
        assert table.get(word) == cost
        assert table[word] == cost
    assert "harbou" not in table  # a prefix of a word is not a word
    assert table.get("harbou") is None
    assert table.get("harbou", 99.0) == 99.0
    with pytest.raises(KeyError):
        table["quay"]


def test_lengths_are_whole_numbers() -> None:
    reach = WordTable.of({"harb": 13, "lant": 7}, "H")
    assert reach.get("harb", 4) == 13
    assert reach.get("quay", 4) == 4


def test_saved_and_read_back_it_is_the_same_table(tmp_path: Path) -> None:
    table = WordTable.of(COSTS, "d")
    table.save(tmp_path, "words")
    read = WordTable.load(tmp_path, "words")
    assert read == table
    assert list(read.items()) == list(table.items())  # same order: ties break alike
    empty = WordTable.of({}, "H")
    empty.save(tmp_path, "empty")
    assert len(WordTable.load(tmp_path, "empty")) == 0


@pytest.mark.parametrize(("part", "damage"), [
    ("words.marisa", b"not a trie"),
    ("words.values", b"\x00" * 12),
    ("words.json", b'{"typecode": "d", "words": 5}'),
    ("words.json", b"{"),
])
def test_files_that_are_not_whole_are_refused(tmp_path: Path, part: str, damage: bytes) -> None:
    WordTable.of(COSTS, "d").save(tmp_path, "words")
    (tmp_path / part).write_bytes(damage)
    with pytest.raises((ValueError, KeyError)):
        WordTable.load(tmp_path, "words")


def test_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    WordTable.of(COSTS, "d").save(tmp_path, "words")
    (tmp_path / "words.values").unlink()
    with pytest.raises(OSError):
        WordTable.load(tmp_path, "words")


def test_a_trie_file_marisa_cannot_read_is_refused(tmp_path: Path) -> None:
    """Digests that match (a file written so on purpose) still pass marisa's own checks."""
    WordTable.of(COSTS, "d").save(tmp_path, "words")
    garbage = b"not a trie at all"
    (tmp_path / "words.marisa").write_bytes(garbage)
    meta = json.loads((tmp_path / "words.json").read_text())
    meta["sha256"][0] = hashlib.sha256(garbage).hexdigest()
    (tmp_path / "words.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="MARISA"):
        WordTable.load(tmp_path, "words")


def test_words_found_by_their_beginnings_and_within_a_text() -> None:
    table = WordTable.of(COSTS, "d")
    assert table.begins("harb") and table.begins("harbourmaster")
    assert not table.begins("harbourmasters") and not table.begins("quay")
    assert table.prefixes("harbourmastery") == [("harbour", 4.25), ("harbourmaster", 6.5)]
    assert table.prefixes("quayside") == []


def test_numbers_written_in_another_byte_order_are_refused(tmp_path: Path) -> None:
    WordTable.of(COSTS, "d").save(tmp_path, "words")
    meta = json.loads((tmp_path / "words.json").read_text())
    meta["byteorder"] = "big" if meta["byteorder"] == "little" else "little"
    (tmp_path / "words.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="endian"):
        WordTable.load(tmp_path, "words")
