"""Search through the store's public interface, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.records import Article
from newsdesk.store import Store, open_store
from newsdesk.store.fulltext import (
    rebuild_search_index,
    refresh_search_index,
    search_dir,
    use_search_dir,
)
from tests.store.old_schema import create_version


@pytest.fixture(autouse=True)
def _search_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_SEARCH_DIR", str(tmp_path / "search"))


def _save(store: Store, slug: str, title: str, text: str = "", **kw: object) -> int:
    article = Article(url=f"https://desk.example/{slug}", title=title, text=text,
                      published=datetime(2026, 3, 1, tzinfo=UTC), **kw)  # type: ignore[arg-type]
    return store.save_article(article, source_id=None, fetch_id=None).id


def _titles(found: list) -> list[str]:
    return [a.article.title for a in found]


def test_words_in_title_summary_and_text_are_found(store: Store) -> None:
    _save(store, "ferry", "Ferry service resumes to Calloway Isle",
          "The harbourmaster Oduya confirmed the timetable.", summary="Boats sail at dawn.")
    assert _titles(store.search("calloway")) == ["Ferry service resumes to Calloway Isle"]
    assert len(store.search("ODUYA timetable")) == 1
    assert len(store.search("dawn")) == 1
    assert store.search("ferry airport") == []


def test_revised_article_is_searched_by_its_new_words(store: Store) -> None:
    _save(store, "quarry", "Quarry blast shakes Tellmarsh", "Windows rattled at noon.")
    assert len(store.search("Tellmarsh")) == 1
    _save(store, "quarry", "Quarry blast shakes Brennock", "Windows rattled at noon.")
    assert _titles(store.search("Brennock")) == ["Quarry blast shakes Brennock"]
    assert store.search("Tellmarsh") == []


def test_changes_saved_through_another_connection_are_followed(store_url: str) -> None:
    with open_store(store_url) as reader, open_store(store_url) as writer:
        assert reader.search("lighthouse") == []
        _save(writer, "light", "Lighthouse keeper retires after forty winters")
        assert len(reader.search("lighthouse")) == 1
        with writer.transaction() as tx:
            tx.run("DELETE FROM articles")
        assert reader.search("lighthouse") == []


def test_change_committed_after_a_catch_up_began_is_not_lost(pg_schema_url: str) -> None:
    with open_store(pg_schema_url) as reader, open_store(pg_schema_url) as writer:
        article_id = _save(writer, "mill", "Old mill reopens in Harrowgate")
        assert len(reader.search("harrowgate")) == 1
        with writer.transaction() as tx:  # still open while the reader catches up
            tx.run("UPDATE articles SET title = ? WHERE id = ?",
                   ("Old mill reopens in Pellwick", article_id))
            assert len(reader.search("harrowgate")) == 1
        assert _titles(reader.search("pellwick")) == ["Old mill reopens in Pellwick"]
        assert reader.search("harrowgate") == []


def test_filters_and_pages(store: Store) -> None:
    source = store.add_source("https://wire.example/feed", name="Wire", kind="feed",
                              interval_s=60)
    for n in range(7):
        store.save_article(
            Article(url=f"https://wire.example/{n}", title=f"Regatta report {n}",
                    text="Sailors raced past the breakwater.", language="fr" if n % 2 else "en"),
            source_id=source.id if n < 3 else None, fetch_id=None)
    assert len(store.search("regatta", limit=100)) == 7
    assert {a.article.language for a in store.search("regatta", language="fr")} == {"fr"}
    assert len(store.search("regatta", language="fr")) == 3
    assert {a.source_id for a in store.search("regatta", source_id=source.id)} == {source.id}
    assert len(store.search("regatta", source_id=source.id, language="en")) == 2
    pages = [store.search("regatta", limit=3, offset=o) for o in (0, 3, 6)]
    ids = [a.id for page in pages for a in page]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert sorted(ids) == sorted(a.id for a in store.search("regatta", limit=100))


def test_equal_scores_put_the_newer_article_first(store: Store) -> None:
    ids = [_save(store, f"copy-{n}", "Wire copy: dam inspection passed", "Same text.")
           for n in range(30)]
    found = [a.id for a in store.search("inspection", limit=10)]
    assert found == sorted(ids, reverse=True)[:10]
    second = [a.id for a in store.search("inspection", limit=10, offset=10)]
    assert second == sorted(ids, reverse=True)[10:20]


def test_title_words_rank_above_body_words(store: Store) -> None:
    _save(store, "body", "Council meeting notes", "A long debate about the orchard levy.")
    _save(store, "title", "Orchard levy approved", "Council voted late.")
    assert _titles(store.search("orchard"))[0] == "Orchard levy approved"


def test_rebuild_indexes_every_article_and_reports_progress(store: Store) -> None:
    for n in range(5):
        _save(store, f"storm-{n}", f"Storm warning {n} for Dunmere coast")
    store.search("storm")
    calls: list[tuple[int, int]] = []
    assert rebuild_search_index(store, progress=lambda done, total: calls.append((done, total))
                                ) == 5
    assert calls[-1] == (5, 5)
    assert len(store.search("dunmere", limit=50)) == 5
    assert refresh_search_index(store) == 0


def test_index_of_another_database_is_never_reused(tmp_path: Path) -> None:
    shared = tmp_path / "one-index"
    with open_store(tmp_path / "a.db") as first:
        use_search_dir(first, shared)
        _save(first, "a", "Glassworks strike ends")
        assert len(first.search("glassworks")) == 1
    with open_store(tmp_path / "b.db") as second:
        use_search_dir(second, shared)
        _save(second, "b", "Tram line opens")
        assert second.search("glassworks") == []
        assert len(second.search("tram")) == 1
        assert search_dir(second) == shared


def test_lost_index_directory_is_rebuilt_on_next_search(tmp_path: Path) -> None:
    import shutil

    with open_store(tmp_path / "c.db") as store:
        use_search_dir(store, tmp_path / "idx")
        _save(store, "c", "Bakery wins county prize")
        assert len(store.search("bakery")) == 1
    shutil.rmtree(tmp_path / "idx")
    with open_store(tmp_path / "c.db") as store:
        use_search_dir(store, tmp_path / "idx")
        assert len(store.search("bakery")) == 1


def _create_version_1(store_url: str) -> None:
    """A database as migration 1 left it, holding one article."""
    create_version(store_url, 1, [
        "INSERT INTO articles (url, title, summary, text, content_hash, first_seen)"
        " VALUES ('https://old.example/1', 'Salt marsh restored', '', '', 'h',"
        " '2025-01-01T00:00:00+00:00')"])


def test_database_from_migration_1_is_searchable_after_upgrade(store_url: str) -> None:
    _create_version_1(store_url)
    with open_store(store_url) as store:
        assert _titles(store.search("marsh")) == ["Salt marsh restored"]
        _save(store, "new", "Salt pans reopen")
        assert len(store.search("salt")) == 2
