"""What the store's `search()` and the `newsdesk index` commands call."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from weakref import WeakKeyDictionary

from newsdesk.config import default_data_dir
from newsdesk.store import rows
from newsdesk.store.base import StoreBase
from newsdesk.store.curation import VISIBLE
from newsdesk.store.fulltext.changes import SQLiteChanges, feed_for
from newsdesk.store.fulltext.follower import Progress, SearchIndex
from newsdesk.store.fulltext.tantivy_index import read_meta
from newsdesk.store.models import StoredArticle

SEARCH_DIR_ENV = "NEWSDESK_SEARCH_DIR"
MAX_LIMIT = 1_000
MAX_OFFSET = 100_000

_indexes: WeakKeyDictionary[StoreBase, SearchIndex] = WeakKeyDictionary()
_directories: WeakKeyDictionary[StoreBase, Path] = WeakKeyDictionary()
_guard = threading.Lock()


def use_search_dir(store: StoreBase, directory: str | Path) -> None:
    """Keep ``store``'s search index in ``directory`` (call once, right after opening)."""
    with _guard:
        _directories[store] = Path(directory).expanduser()
        _indexes.pop(store, None)


def use_search_base(store: StoreBase, base: str | Path) -> None:
    """Keep ``store``'s search index under ``base``, in a folder named for its database."""
    use_search_dir(store, Path(base).expanduser() / feed_for(store).instance(store))


def search_dir(store: StoreBase) -> Path:
    """Where ``store``'s index lives: the directory given to `use_search_dir`; else under
    ``$NEWSDESK_SEARCH_DIR`` one folder per database; else beside an SQLite file
    (``newsdesk.db-search``) or, for PostgreSQL, in the data directory's ``search/``."""
    configured = _directories.get(store)
    if configured is not None:
        return configured
    feed = feed_for(store)
    base = os.environ.get(SEARCH_DIR_ENV)
    if base:
        return Path(base).expanduser() / feed.instance(store)
    if isinstance(feed, SQLiteChanges):
        return Path(store.url + "-search")
    return default_data_dir() / "search" / feed.instance(store)


def search_index(store: StoreBase) -> SearchIndex:
    """The index of ``store``, opened once per store object."""
    with _guard:
        found = _indexes.get(store)
        if found is None:
            found = SearchIndex(store, search_dir(store), feed_for(store))
            _indexes[store] = found
        return found


def search_articles(
    store: StoreBase, query: str, *, limit: int = 20, offset: int = 0,
    language: str | None = None, source_id: int | None = None,
) -> list[StoredArticle]:
    """Articles holding every word of ``query`` (folded: case, accents, Arabic/Persian letter
    variants, diacritics, zero-width characters, digits; and stemmed, so "harbours" finds
    "harbour"): most relevant first, the newer article first on a tie. ``limit`` is capped at
    1000; offsets past 100,000 find nothing."""
    limit = min(limit, MAX_LIMIT)
    if limit <= 0 or offset > MAX_OFFSET:
        return []
    ids = search_index(store).find(query, limit=limit, offset=max(offset, 0),
                                   language=language, source_id=source_id)
    return _articles_in_order(store, ids, language, source_id)


def rebuild_search_index(store: StoreBase, progress: Progress | None = None) -> int:
    """Rebuild ``store``'s search index from every stored article; how many were indexed.
    ``progress(done, total)`` is called after each batch."""
    return search_index(store).rebuild(progress)


def applied_search_cursor(store: StoreBase) -> str | None:
    """How far this machine's index of ``store`` has applied the change outbox; None when
    there is no index of it here."""
    meta = read_meta(search_dir(store))
    if meta is None or meta.instance != feed_for(store).instance(store):
        return None
    return meta.cursor


def search_document_count(store: StoreBase) -> int:
    """Articles in ``store``'s search index (raises `SearchIndexError` if it cannot be read)."""
    return search_index(store).document_count()


def refresh_search_index(store: StoreBase) -> int:
    """Index what changed since the last search now; how many articles were (re)indexed."""
    return search_index(store).catch_up()


def _articles_in_order(
    store: StoreBase, ids: list[int], language: str | None, source_id: int | None,
) -> list[StoredArticle]:
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    sql = (f"SELECT {rows.ARTICLE_COLUMNS} FROM {rows.ARTICLE_FROM} WHERE a.id IN ({marks})"
           f" AND {VISIBLE}")  # what the operator hid stays indexed but is never found
    params: list[object] = list(ids)
    # The index may trail the table by a moment: check the filters against the rows too.
    if language:
        sql += " AND a.language = ?"
        params.append(language)
    if source_id is not None:
        sql += " AND a.source_id = ?"
        params.append(source_id)
    with store.transaction() as tx:
        found = {int(r[0]): rows.article_from_row(r) for r in tx.rows(sql, params)}
    return [found[i] for i in ids if i in found]
