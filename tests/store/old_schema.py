"""Databases as an older version of newsdesk left them, for upgrade tests."""

from __future__ import annotations

from newsdesk.store.migrations import MIGRATIONS, migration_sql, split_statements


def create_version(store_url: str, version: int, rows: list[str]) -> None:
    """A database migrated up to ``version`` (and marked so), holding ``rows``."""
    postgres = store_url.startswith("postgresql://")
    statements = [s for number, lite, pg in MIGRATIONS if number <= version
                  for s in split_statements(migration_sql(pg if postgres else lite))]
    done = ", ".join(f"({n})" for n in range(1, version + 1))
    statements += ["CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)",
                   f"INSERT INTO schema_migrations (version) VALUES {done}", *rows]
    if postgres:
        import psycopg

        with psycopg.connect(store_url, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]
    else:
        import sqlite3

        with sqlite3.connect(store_url) as conn:
            for statement in statements:
                conn.execute(statement)
