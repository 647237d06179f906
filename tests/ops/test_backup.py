"""`newsdesk backup` and `restore`: a copy taken while the store is open comes back whole."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from newsdesk.cli import main
from newsdesk.ops.backup import backup, restore
from newsdesk.records import Article
from newsdesk.store import Store, StoreError, open_store

STORIES = [
    ("https://velmora.example/harbour", "Harbour dredging approved",
     "The council voted to dredge the old harbour."),
    ("https://velmora.example/tram", "Tram line extension delayed",
     "An unmapped culvert under Osterholm Road delays the tram."),
    ("https://velmora.example/fa/library", "کتابخانه مرکزی یکشنبه‌ها باز است",
     "کتابخانه مرکزی از دی‌ماه یکشنبه‌ها نیز باز خواهد بود."),
]


def _fill(store: Store) -> dict[str, str]:
    source = store.add_source("https://velmora.example/feed", name="Velmora Courier",
                              kind="feed", interval_s=600)
    for url, title, text in STORIES:
        store.save_article(Article(url=url, title=title, text=text, language="en"),
                           source_id=source.id, fetch_id=None)
    return {url: title for url, title, _ in STORIES}


def _everything(store: Store) -> dict[str, str]:
    return {a.article.url: a.article.title for a in store.list_articles(limit=100)}


def _drop_schema(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        schema = conn.execute("SELECT current_schema()").fetchone()[0]
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def lost_and_found(store_url: str, tmp_path: Path) -> tuple[str, Path, dict[str, str]]:
    """A store filled, backed up while open, then lost: (its URL, the backup, its articles)."""
    if store_url.startswith("postgresql") and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed (apt install postgresql-client)")
    store = open_store(store_url)
    articles = _fill(store)
    made = backup(store, tmp_path / "desk.backup")
    store.close()
    assert made.articles == len(STORIES) and made.size_bytes > 0
    if store_url.startswith("postgresql"):
        _drop_schema(store_url)
    else:
        for path in Path(store_url).parent.glob("newsdesk.db*"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    return store_url, made.path, articles


def test_a_restored_backup_holds_every_article(
        lost_and_found: tuple[str, Path, dict[str, str]]) -> None:
    url, copy, articles = lost_and_found
    assert restore(copy, url) == len(articles)
    store = open_store(url)
    try:
        assert _everything(store) == articles
        assert [a.article.url for a in store.search("culvert")] == [
            "https://velmora.example/tram"]
        again = store.save_article(Article(url="https://velmora.example/new", title="After",
                                           text="Written after the restore."),
                                   source_id=None, fetch_id=None)
        assert again.created  # ids continue after the restored ones
    finally:
        store.close()


def test_restore_will_not_replace_a_store_with_news_unless_forced(
        lost_and_found: tuple[str, Path, dict[str, str]]) -> None:
    url, copy, articles = lost_and_found
    if url.startswith("postgresql"):  # a new, unrelated store in the same place
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {conn.execute('SHOW search_path').fetchone()[0]}")
    store = open_store(url)
    store.save_article(Article(url="https://velmora.example/other", title="Other", text="x"),
                       source_id=None, fetch_id=None)
    store.close()
    with pytest.raises(StoreError, match=r"already holds 0 source\(s\) and 1 article\(s\)"):
        restore(copy, url)
    assert restore(copy, url, force=True) == len(articles)
    store = open_store(url)
    try:
        assert _everything(store) == articles
    finally:
        store.close()


def test_backups_are_never_overwritten_nor_restored_across_engines(
        tmp_path: Path, postgres_url: str) -> None:
    store = open_store(tmp_path / "desk.db")
    _fill(store)
    made = backup(store, tmp_path / "copy.db")
    with pytest.raises(StoreError, match="already exists"):
        backup(store, made.path)
    store.close()
    with pytest.raises(StoreError, match="is a sqlite backup; restore it with --db set to a"
                                         " SQLite file path"):
        restore(made.path, postgres_url)
    (tmp_path / "notes.txt").write_text("not a backup")
    with pytest.raises(StoreError, match="is not a newsdesk backup"):
        restore(tmp_path / "notes.txt", str(tmp_path / "other.db"))


def test_the_commands_back_up_and_restore(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "live" / "newsdesk.db"
    store = open_store(db)
    articles = _fill(store)
    store.close()
    assert main(["--db", str(db), "backup", str(tmp_path / "nightly.db")]) == 0
    assert "Backed up 3 article(s)" in capsys.readouterr().out
    target = tmp_path / "new-machine" / "newsdesk.db"
    assert main(["--db", str(target), "restore", str(tmp_path / "nightly.db")]) == 0
    assert "Restored 3 article(s)" in capsys.readouterr().out
    assert main(["--db", str(target), "restore", str(tmp_path / "nightly.db")]) == 1
    assert "pass --force" in capsys.readouterr().err
    restored = open_store(target)
    try:
        assert _everything(restored) == articles
    finally:
        restored.close()


_SQLITE_DESK = """import sys
import newsdesk.cli, newsdesk.serving  # what `newsdesk run` loads
from pathlib import Path
from newsdesk.ops.backup import backup, restore
from newsdesk.store import open_store
where = Path(sys.argv[1])
store = open_store(str(where / "desk.db"))
backup(store, where / "desk.backup")
store.close()
restore(where / "desk.backup", str(where / "again.db"))
print(sorted(m for m in sys.modules if m.split(".")[0] in ("psycopg", "psycopg_pool")))
"""


def test_a_sqlite_desk_never_loads_the_postgresql_driver(tmp_path: Path) -> None:
    """psycopg costs a process ~10 MiB: the command line, the server and a SQLite backup and
    restore leave it unloaded."""
    done = subprocess.run([sys.executable, "-c", _SQLITE_DESK, str(tmp_path)],
                          capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"
