"""The server store: PostgreSQL through a psycopg connection pool, search in tantivy indexes."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from newsdesk.store.base import StoreError
from newsdesk.store.fulltext import search_articles
from newsdesk.store.migrations import MIGRATIONS, migration_sql, split_statements
from newsdesk.store.models import StoredArticle
from newsdesk.store.sql import SQLStore

_CURSORS = itertools.count(1)  # names for server-side cursors
_MIGRATION_LOCK = 7_240_311  # advisory lock id: one process migrates at a time


class _PostgresTx:
    def __init__(self, cur: psycopg.Cursor[Any]) -> None:
        self._cur = cur

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cur.execute(sql.replace("?", "%s"), params)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.run(sql, params)
        return self._cur.fetchall()

    def row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        self.run(sql, params)
        return self._cur.fetchone()

    def batches(self, sql: str, params: Sequence[Any] = (), size: int = 500,
                ) -> Iterator[list[tuple[Any, ...]]]:
        # a server-side cursor: the rows stay on the server until fetched
        name = f"newsdesk_batches_{next(_CURSORS)}"
        with self._cur.connection.cursor(name=name) as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            while found := cursor.fetchmany(size):
                yield found

    def run_many(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        self._cur.executemany(sql.replace("?", "%s"), params)


class PostgresStore(SQLStore):
    def __init__(self, url: str, *, max_size: int = 8) -> None:
        self.url = url
        try:
            psycopg.conninfo.conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise StoreError(f"the database URL is not valid ({_first_line(exc)}); write it"
                             " as postgresql://USER@HOST:PORT/DATABASE") from None
        try:  # one plain attempt first: its error says why, where the pool's only times out
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to PostgreSQL at {redact_url(url)} ({_first_line(exc)}); check"
                " that the server runs and the URL is right") from None
        try:
            self._pool = ConnectionPool(url, min_size=1, max_size=max_size, open=True,
                                        timeout=10, kwargs={"autocommit": False})
            self._pool.wait(timeout=10)
        except (psycopg.Error, Exception) as exc:
            raise StoreError(
                f"cannot connect to PostgreSQL at {redact_url(url)}: {exc}; check that the server"
                " runs and the URL is right"
            ) from exc
        self._migrate()

    @contextmanager
    def transaction(self) -> Iterator[_PostgresTx]:
        with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            yield _PostgresTx(cur)

    def close(self) -> None:
        self._pool.close()

    def _migrate(self) -> None:
        with self.transaction() as tx:
            tx.run("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            tx.run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)")
            done = {r[0] for r in tx.rows("SELECT version FROM schema_migrations")}
            for version, _, filename in MIGRATIONS:
                if version in done:
                    continue
                for statement in split_statements(migration_sql(filename)):
                    tx.run(statement.replace("%", "%%"))
                tx.run("INSERT INTO schema_migrations (version) VALUES (?)", (version,))

    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, language: str | None = None,
        source_id: int | None = None,
    ) -> list[StoredArticle]:
        """Articles holding every word of ``query``, best first, from this machine's tantivy
        index, caught up with the database first (see `newsdesk.store.fulltext`)."""
        return search_articles(self, query, limit=limit, offset=offset, language=language,
                               source_id=source_id)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def redact_url(url: str) -> str:
    """A URL fit for an error message: the password, if any, hidden."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    if info.get("password"):
        return url.replace(str(info["password"]), "***")
    return url
