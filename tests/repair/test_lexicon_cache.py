"""Word lists read from the user's cache are the lists built from wordfreq, word for word;
a damaged entry is built again, and a cache that cannot be written costs only time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.repair import lexicon as lexicons
from newsdesk.repair.lexicon import Lexicon

FIELDS = ("code", "script", "costs", "short", "mean_length", "longest", "alphabet",
          "bound")


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "newsdesk"


def _load(code: str) -> Lexicon:
    found = lexicons._loaded(code)  # past the lexicons this process holds
    assert found is not None
    return found


def _same(one: Lexicon, other: Lexicon) -> None:
    for name in FIELDS:
        assert getattr(one, name) == getattr(other, name), name
    assert list(one.costs) == list(other.costs)  # same order: ties in a split break alike


def _built(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Lexicon:
    """``code``'s list built from wordfreq's, with no cache to read it from or write it to."""
    nowhere = tmp_path / "no-cache"
    nowhere.mkdir()
    (nowhere / "newsdesk").write_text("a file where the cache directory should be")
    with monkeypatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(nowhere))
        return _load(code)


@pytest.mark.parametrize("code", ["de", "fa"])  # long compounds; a list with bound suffixes
def test_a_list_read_back_is_the_list_built(cache: Path, code: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    built = _built(code, tmp_path, monkeypatch)
    assert not cache.exists()
    _load(code)  # built again, written, read back
    (entry,) = cache.glob(f"lexicon-{code}-*")
    read = _load(code)  # read from the cache
    _same(read, built)
    assert read.costs is not built.costs
    assert entry.is_dir()


@pytest.mark.parametrize(("part", "damage"), [
    ("words.marisa", b"not a trie"), ("words.values", b""), ("words.json", b"{}"),
    ("words.values", b"\x00" * 6), ("meta.json", b'{"code": "ar"}'),
])
def test_a_damaged_entry_is_built_again(cache: Path, part: str, damage: bytes) -> None:
    built = _load("fa")
    (entry,) = cache.glob("lexicon-fa-*")
    (entry / part).write_bytes(damage)
    _same(_load("fa"), built)
    assert (entry / part).read_bytes() != damage  # written again whole
    _same(_load("fa"), built)


def test_no_cache_directory_costs_only_time(cache: Path) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the cache directory should be")
    first = _load("fa")
    _same(_load("fa"), first)


def test_an_older_version_of_a_list_is_removed_once_the_new_one_is_written(cache: Path) -> None:
    for stale in ("lexicon-fa-0123456789ab", "lexicon-fi-0123456789ab"):
        (cache / stale).mkdir(parents=True)
    _load("fa")
    assert sorted(p.name.rsplit("-", 1)[0] for p in cache.glob("lexicon-*")) == ["lexicon-fa",
                                                                              "lexicon-fi"]
    assert not (cache / "lexicon-fa-0123456789ab").exists()


def test_no_home_directory_costs_only_time(monkeypatch: pytest.MonkeyPatch) -> None:
    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", nowhere)  # a container's user with no passwd entry
    _same(_load("fa"), _load("fa"))


def test_the_language_table_read_back_is_wordfreqs(cache: Path) -> None:
    built = lexicons._languages_of_wordfreq()
    assert built["en"] == "latin" and built["fa"] == "arabic" and built["ja"] is None
    lexicons.wordfreq_languages.cache_clear()
    assert lexicons.wordfreq_languages() == built  # built, written and read back
    (entry,) = cache.glob("languages-*")
    (entry / "languages.json").write_text('{"en": "klingon"}')
    lexicons.wordfreq_languages.cache_clear()
    assert lexicons.wordfreq_languages() == built  # damaged: built and written again
    assert "klingon" not in (entry / "languages.json").read_text()
    lexicons.wordfreq_languages.cache_clear()


_REPAIR = """import sys
from newsdesk import repair
from newsdesk.records import Article
text = "The Velmora council approved thenew harbour budget on Monday after a long debate."
repair.repair_article(Article(url="https://velmora.example/a", title="Budget", text=text))
print(sorted(m for m in ("wordfreq", "langcodes") if m in sys.modules))
"""


def test_a_process_that_repairs_does_not_import_wordfreq(tmp_path: Path) -> None:
    """Once the word list and the language table are in the cache, repairing needs neither
    wordfreq nor its language tables (~4 MiB a stage worker)."""
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.run([sys.executable, "-c", _REPAIR], capture_output=True, text=True,
                           env=env, timeout=300, check=True).stdout.strip() for _ in range(2)]
    assert runs == ["['langcodes', 'wordfreq']", "[]"]  # built, then read from the cache
