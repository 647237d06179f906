"""`newsdesk backup` and `newsdesk restore`: a consistent copy of the database, and putting
one back (see `newsdesk.store.backup` for how each engine does it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsdesk.store import Store, StoreError, open_store
from newsdesk.store.backup import backup_engine, existing_content, sqlite_backup, sqlite_restore


@dataclass(frozen=True, slots=True)
class Copy:
    path: Path
    engine: str
    articles: int
    size_bytes: int


def _shown(url: str) -> str:
    from newsdesk.store.postgres import redact_url  # psycopg only for PostgreSQL

    return redact_url(url)


def _is_postgres(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def backup(store: Store, target: Path) -> Copy:
    """Copy ``store`` to ``target`` while newsdesk keeps running; never overwrites a file."""
    if target.exists():
        raise StoreError(f"{target} already exists; backups never overwrite a file, so choose"
                         " a new name (e.g. with the date in it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    if _is_postgres(store.url):
        from newsdesk.store.pg_backup import pg_dump  # psycopg only for PostgreSQL

        articles = store.article_count()  # as the dump begins; the dump is one snapshot
        pg_dump(store.url, target)
        engine = "postgresql"
    else:
        articles = sqlite_backup(Path(store.url), target)
        engine = "sqlite"
    return Copy(target, engine, articles, target.stat().st_size)


def restore(source: Path, db: str, *, force: bool = False) -> int:
    """Put the backup ``source`` in place as the database ``db``; how many articles it holds.
    A database that already holds sources or articles is replaced only with ``force``."""
    engine = backup_engine(source)
    if (engine == "postgresql") != _is_postgres(db):
        want = "a postgresql:// URL" if engine == "postgresql" else "a SQLite file path"
        raise StoreError(f"{source} is a {engine} backup; restore it with --db set to {want}")
    sources, articles = existing_content(db)
    if (sources or articles) and not force:
        shown = _shown(db) if engine == "postgresql" else db
        raise StoreError(f"the database {shown} already"
                         f" holds {sources} source(s) and {articles} article(s); stop newsdesk"
                         " and pass --force to replace them with the backup")
    if engine == "postgresql":
        from newsdesk.store.pg_backup import has_tables, pg_restore

        pg_restore(source, db, replace=has_tables(db))
    else:
        sqlite_restore(source, Path(db.removeprefix("sqlite:///")))
    store = open_store(db)  # applies migrations newer than the backup
    try:
        store.renew_search_instance()
        return store.article_count()
    finally:
        store.close()
