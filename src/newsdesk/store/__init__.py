"""Storage: one interface, an embedded SQLite and a server PostgreSQL implementation."""

from __future__ import annotations

from pathlib import Path

from newsdesk.store.accounts import DeskSession, User
from newsdesk.store.audit import AuditEntry
from newsdesk.store.base import StoreError
from newsdesk.store.curation import Correction
from newsdesk.store.dashboard import PollFigures
from newsdesk.store.fulltext import (
    SearchIndexError,
    applied_search_cursor,
    rebuild_search_index,
    refresh_search_index,
    search_document_count,
    use_search_base,
    use_search_dir,
)
from newsdesk.store.models import (
    ChannelPost,
    FailedItem,
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
    "AuditEntry",
    "ChannelPost",
    "Correction",
    "DeskSession",
    "FailedItem",
    "NewSource",
    "PollFigures",
    "SavedArticle",
    "SearchIndexError",
    "Source",
    "Store",
    "StoreError",
    "StoredArticle",
    "StoredSignature",
    "Story",
    "StoryDecision",
    "User",
    "applied_search_cursor",
    "open_store",
    "rebuild_search_index",
    "refresh_search_index",
    "search_document_count",
    "use_search_base",
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
