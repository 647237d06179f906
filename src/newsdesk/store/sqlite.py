"""The embedded store: one SQLite file in WAL mode; full-text search in a tantivy index."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from newsdesk.store.base import StoreError
from newsdesk.store.fulltext import search_articles
from newsdesk.store.migrations import MIGRATIONS, migration_sql, split_statements
from newsdesk.store.models import StoredArticle
from newsdesk.store.sql import SQLStore

sqlite3.register_adapter(datetime, lambda value: value.isoformat())


class _SQLiteTx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(sql, params)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._conn.execute(sql, params).fetchall()

    def row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        return self._conn.execute(sql, params).fetchone()

    def batches(self, sql: str, params: Sequence[Any] = (), size: int = 500,
                ) -> Iterator[list[tuple[Any, ...]]]:
        cursor = self._conn.execute(sql, params)
        while found := cursor.fetchmany(size):
            yield found

    def run_many(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(sql, params)


class SQLiteStore(SQLStore):
    """A store in one file. Writes: one transaction at a time per process, and ``BEGIN
    IMMEDIATE`` with a busy timeout between processes. Reads (`reading`): a connection of
    their own per thread, never waiting for a writer."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.url = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data directory {self.path.parent}: {exc}") from exc
        self._local = threading.local()
        self._lock = threading.RLock()
        self._connections: list[sqlite3.Connection] = []
        try:
            self._migrate()
        except sqlite3.Error as exc:  # not a database file, a device, a read-only place ...
            self.close()
            raise StoreError(f"cannot use {self.path} as a database ({exc}); give the path of"
                             " a database file, or of a new one in an existing directory"
                             ) from exc

    def _connection(self, role: str = "conn") -> sqlite3.Connection:
        """This thread's connection for ``role``: "conn" writes, "reader" only reads."""
        conn = getattr(self._local, role, None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open the database {self.path}: {exc}") from exc
            conn.execute("PRAGMA busy_timeout=15000")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            setattr(self._local, role, conn)
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[_SQLiteTx]:
        with self._lock:
            conn = self._connection()
            if conn.in_transaction:  # nested: join the outer transaction
                yield _SQLiteTx(conn)
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SQLiteTx(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[_SQLiteTx]:
        """A consistent read that never waits for writers (WAL): this thread's reading
        connection, a deferred transaction, no process lock. Inside a write transaction of
        this thread it joins that one instead, so it sees what that transaction wrote."""
        writer = getattr(self._local, "conn", None)
        if writer is not None and writer.in_transaction:
            with self.transaction() as tx:
                yield tx
            return
        conn = self._connection("reader")
        conn.execute("BEGIN")
        try:
            yield _SQLiteTx(conn)
        finally:
            conn.execute("COMMIT")  # nothing was written: this only ends the snapshot

    def vacuum(self) -> None:
        """Rewrite the file without its free pages (needs room for a copy; writers wait)."""
        with self._lock:
            self._connection().execute("VACUUM")

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
            self._local = threading.local()

    def _migrate(self) -> None:
        with self.transaction() as tx:
            tx.run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)")
            done = {r[0] for r in tx.rows("SELECT version FROM schema_migrations")}
            for version, filename, _ in MIGRATIONS:
                if version in done:
                    continue
                for statement in split_statements(migration_sql(filename)):
                    tx.run(statement)
                tx.run("INSERT INTO schema_migrations (version) VALUES (?)", (version,))

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, language: str | None = None,
        source_id: int | None = None,
    ) -> list[StoredArticle]:
        """Articles holding every word of ``query``, best first, from the tantivy index kept
        beside the database file (see `newsdesk.store.fulltext`)."""
        return search_articles(self, query, limit=limit, offset=offset, language=language,
                               source_id=source_id)
