"""Storage: one interface, an embedded SQLite and a server PostgreSQL implementation."""

from __future__ import annotations

from pathlib import Path

from newsdesk.store.base import StoreError
from newsdesk.store.fulltext import (
    rebuild_search_index,
    refresh_search_index,
    use_search_dir,
)
from newsdesk.store.models import (
    ChannelPost,
    NewSource,
    SavedArticle,
    Source,
    StoredArticle,
    StoredSignature,
    Story,
    StoryDecision,
)
from newsdesk.store.sql import SQLStore

Store = SQLStore

__all__ = [
    "ChannelPost",
    "NewSource",
    "SavedArticle",
    "Source",
    "Store",
    "StoreError",
    "StoredArticle",
    "StoredSignature",
    "Story",
    "StoryDecision",
    "open_store",
    "rebuild_search_index",
    "refresh_search_index",
    "use_search_dir",
]


def open_store(url_or_path: str | Path) -> Store:
    """Open (and migrate) the store a ``--db`` value names: a ``postgresql://`` URL or a path."""
    text = str(url_or_path)
    if text.startswith(("postgresql://", "postgres://")):
        from newsdesk.store.postgres import PostgresStore

        return PostgresStore(text)
    from newsdesk.store.sqlite import SQLiteStore

    return SQLiteStore(text.removeprefix("sqlite:///"))
