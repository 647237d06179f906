"""Copies of the database: taken while newsdesk runs, and put back.

SQLite: SQLite's online backup API copies a consistent snapshot into a single file (writers
go on meanwhile, in WAL mode). PostgreSQL: ``pg_dump --format=custom`` of the store's schema
(its version must be at least the server's), restored with ``pg_restore``: those are in
``pg_backup``, so that a SQLite desk never loads PostgreSQL's driver. The search index
is not copied: a restored database gets a new search identity, so every index rebuilds.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from newsdesk.store.base import StoreError

SQLITE_MAGIC = b"SQLite format 3\0"
PG_DUMP_MAGIC = b"PGDMP"


def backup_engine(path: Path) -> str:
    """"sqlite" or "postgresql": what kind of backup ``path`` is (raises `StoreError`)."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"cannot read the backup {path}: {exc.strerror}") from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise StoreError(f"{path} is not a newsdesk backup (neither a SQLite file nor a pg_dump"
                     " custom-format archive)")


def sqlite_backup(database: Path, target: Path) -> int:
    """Copy the SQLite ``database`` to ``target`` with the online backup API; checks the copy
    and returns how many articles it holds."""
    partial = target.with_name(target.name + ".partial")
    try:
        with closing(_connect(database)) as source, closing(_connect(partial)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            articles = _checked(copy, partial)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise StoreError(f"the backup of {database} failed: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return articles


def sqlite_restore(backup: Path, database: Path) -> None:
    """Replace the SQLite ``database`` with the content of ``backup``, through the backup API
    (so processes that have the file open see the new content, not a torn file)."""
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        with closing(_connect(backup)) as source:
            _checked(source, backup)
            with closing(_connect(database)) as target:
                source.backup(target)
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"restoring {backup} into {database} failed: {exc}") from exc


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=15000")
    return conn


def _checked(conn: sqlite3.Connection, path: Path) -> int:
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise StoreError(f"{path} is damaged: {result}")
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error as exc:
        raise StoreError(f"{path} is not a newsdesk database: {exc}") from exc


def existing_content(db: str) -> tuple[int, int]:
    """(sources, articles) the database at ``db`` already holds; (0, 0) when it does not
    exist yet or has no newsdesk tables."""
    if db.startswith(("postgresql://", "postgres://")):
        from newsdesk.store.pg_backup import pg_existing_content  # psycopg only when needed

        return pg_existing_content(db)
    path = Path(db.removeprefix("sqlite:///"))
    if not path.exists():
        return 0, 0
    try:
        with closing(_connect(path)) as conn:
            return (int(conn.execute("SELECT count(*) FROM sources").fetchone()[0]),
                    int(conn.execute("SELECT count(*) FROM articles").fetchone()[0]))
    except sqlite3.Error:
        return 0, 0
