"""The SQL full-text search the store used before migration 2, rebuilt on the bench rows:
SQLite FTS5 ordered by bm25, PostgreSQL tsvector+GIN ordered by ts_rank."""

from __future__ import annotations

from typing import Any

import psycopg
from bench.search.run import time_queries

from newsdesk.store import rows


def sql_baseline(bench: Any, queries: dict[str, list[str]]) -> dict[str, tuple[float, ...]]:
    if bench.mode == "sqlite":
        return _fts5(bench, queries)
    return _tsvector(bench, queries)


def _fts5(bench: Any, queries: dict[str, list[str]]) -> dict[str, tuple[float, ...]]:
    with bench.store.transaction() as tx:
        tx.run("CREATE VIRTUAL TABLE IF NOT EXISTS bench_fts USING fts5(title, summary, text,"
               " content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
        tx.run("INSERT INTO bench_fts(bench_fts) VALUES ('rebuild')")

    def search(query: str) -> list[Any]:
        match = " ".join(f'"{w}"' for w in query.split())
        with bench.store.transaction() as tx:
            return tx.rows(
                f"SELECT {rows.ARTICLE_COLUMNS} FROM bench_fts JOIN articles a"
                " ON a.id = bench_fts.rowid LEFT JOIN sources s ON s.id = a.source_id"
                " WHERE bench_fts MATCH ? ORDER BY bm25(bench_fts, 4.0, 2.0, 1.0) LIMIT 20",
                (match,))

    return time_queries(search, queries)


def _tsvector(bench: Any, queries: dict[str, list[str]]) -> dict[str, tuple[float, ...]]:
    with psycopg.connect(bench.url, autocommit=True) as conn:
        conn.execute(
            "ALTER TABLE articles ADD COLUMN IF NOT EXISTS bench_tsv tsvector GENERATED ALWAYS AS"
            " (setweight(to_tsvector('simple', coalesce(title, '')), 'A')"
            " || setweight(to_tsvector('simple', coalesce(summary, '')), 'B')"
            " || setweight(to_tsvector('simple', coalesce(text, '')), 'C')) STORED")
        conn.execute("CREATE INDEX IF NOT EXISTS bench_tsv_gin ON articles USING GIN (bench_tsv)")
        conn.execute("ANALYZE articles")

    def search(query: str) -> list[Any]:
        with bench.store.transaction() as tx:
            return tx.rows(
                f"SELECT {rows.ARTICLE_COLUMNS} FROM {rows.ARTICLE_FROM},"
                " plainto_tsquery('simple', ?) q WHERE a.bench_tsv @@ q"
                " ORDER BY ts_rank(a.bench_tsv, q) DESC, a.id DESC LIMIT 20", (query,))

    return time_queries(search, queries)
