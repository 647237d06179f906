"""Reading the store for the index: which articles changed since a cursor, and their text.

The cursor is engine-specific text kept in the index's metadata:
- SQLite: the last applied ``search_changes.seq``. Writers are serialised, so ``seq`` order is
  commit order and nothing can appear behind the cursor later.
- PostgreSQL: a transaction id, the ``pg_snapshot_xmin`` of the snapshot the follower last read
  with. Every transaction below it had finished, so its changes were visible then; changes at or
  above it are read again (applying a change twice is harmless, and `Changes.seen` skips repeats
  in one process).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from newsdesk.store.base import StoreBase

BATCH = 2_000

_DOC_COLUMNS = "id, title, summary, text, language, source_id"


@dataclass(slots=True)
class Changes:
    """Articles to (re)index or drop, and the cursor to keep once they are applied."""

    article_ids: list[int]
    cursor: str
    seen: set[tuple[int, str]] = field(default_factory=set)  # (article, stamp) at/after cursor


@dataclass(frozen=True, slots=True)
class ArticleText:
    id: int
    title: str
    summary: str
    text: str
    language: str | None
    source_id: int | None


class ChangeFeed(Protocol):
    """How one engine answers the index's questions."""

    def instance(self, store: StoreBase) -> str: ...
    def current_cursor(self, store: StoreBase) -> str: ...
    def changes_since(
        self, store: StoreBase, cursor: str, seen: set[tuple[int, str]],
    ) -> Changes: ...
    def lost_since(self, store: StoreBase, cursor: str) -> bool:
        """Whether pruning dropped changes an index at ``cursor`` has not applied."""
        ...


class SQLiteChanges:
    def instance(self, store: StoreBase) -> str:
        return _instance(store)

    def current_cursor(self, store: StoreBase) -> str:
        # Pruned rows count as applied: the cursor never falls behind what was pruned.
        with store.transaction() as tx:
            row = tx.row("SELECT max(coalesce((SELECT max(seq) FROM search_changes), 0),"
                         " coalesce((SELECT CAST(pruned_through AS INTEGER) FROM search_state),"
                         " 0))")
        return str(row[0] if row else 0)

    def lost_since(self, store: StoreBase, cursor: str) -> bool:
        with store.transaction() as tx:
            row = tx.row("SELECT CAST(pruned_through AS INTEGER) FROM search_state")
        return bool(row and row[0] is not None and int(cursor) < int(row[0]))

    def changes_since(
        self, store: StoreBase, cursor: str, seen: set[tuple[int, str]],
    ) -> Changes:
        with store.transaction() as tx:
            found = tx.rows("SELECT seq, article_id FROM search_changes WHERE seq > ?"
                            " ORDER BY seq", (int(cursor),))
        if not found:
            return Changes([], cursor)
        return Changes(_distinct(r[1] for r in found), str(found[-1][0]))


class PostgresChanges:
    def instance(self, store: StoreBase) -> str:
        return _instance(store)

    def current_cursor(self, store: StoreBase) -> str:
        with store.transaction() as tx:
            row = tx.row("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
        assert row is not None
        return str(row[0])

    def changes_since(
        self, store: StoreBase, cursor: str, seen: set[tuple[int, str]],
    ) -> Changes:
        # One statement, so the horizon and the rows come from the same snapshot.
        with store.transaction() as tx:
            found = tx.rows(
                "WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)"
                " SELECT h.xmin::text, c.article_id, c.xid::text, c.xid >= h.xmin FROM h"
                " LEFT JOIN search_changes c ON c.xid >= ?::xid8", (cursor,),
            )
        horizon = str(found[0][0])
        rows = [((int(r[1]), str(r[2])), bool(r[3])) for r in found if r[1] is not None]
        todo = [key for key, _ in rows if key not in seen]
        # Changes at or above the new horizon will be read again next time: remember them.
        still_open = {key for key, above_horizon in rows if above_horizon}
        return Changes(_distinct(k[0] for k in todo), horizon, still_open)

    def lost_since(self, store: StoreBase, cursor: str) -> bool:
        with store.transaction() as tx:
            row = tx.row("SELECT pruned_through IS NOT NULL AND ?::xid8 <= pruned_through::xid8"
                         " FROM search_state", (cursor,))
        return bool(row and row[0])


def feed_for(store: StoreBase) -> ChangeFeed:
    """The change feed for ``store``'s engine, told apart by its URL."""
    if store.url.startswith(("postgresql://", "postgres://")):
        return PostgresChanges()
    return SQLiteChanges()


def article_texts(store: StoreBase, ids: list[int]) -> dict[int, ArticleText]:
    """The current text of those of ``ids`` that still exist."""
    found: dict[int, ArticleText] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        marks = ", ".join("?" * len(chunk))
        with store.transaction() as tx:
            for row in tx.rows(f"SELECT {_DOC_COLUMNS} FROM articles WHERE id IN ({marks})",
                               chunk):
                found[int(row[0])] = _text_from_row(row)
    return found


def all_article_texts(store: StoreBase, batch: int = BATCH) -> Iterator[list[ArticleText]]:
    """Every article, in batches by id, each batch read in its own short transaction."""
    after = 0
    while True:
        with store.transaction() as tx:
            found = tx.rows(f"SELECT {_DOC_COLUMNS} FROM articles WHERE id > ?"
                            " ORDER BY id LIMIT ?", (after, batch))
        if not found:
            return
        yield [_text_from_row(r) for r in found]
        after = int(found[-1][0])


def article_total(store: StoreBase) -> int:
    with store.transaction() as tx:
        row = tx.row("SELECT count(*) FROM articles")
    return int(row[0]) if row else 0


def _instance(store: StoreBase) -> str:
    with store.transaction() as tx:
        row = tx.row("SELECT instance FROM search_state")
    if row is None:
        raise LookupError("search_state is empty")
    return str(row[0])


def _text_from_row(row: tuple[Any, ...]) -> ArticleText:
    return ArticleText(int(row[0]), row[1] or "", row[2] or "", row[3] or "", row[4],
                       None if row[5] is None else int(row[5]))


def _distinct(ids: Iterator[int] | Any) -> list[int]:
    return list(dict.fromkeys(int(i) for i in ids))
