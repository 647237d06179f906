"""What every part of the store builds on: transactions, errors, the engine's duties.

The store is the one place that talks to the database. Its queries are split by subject
(`sources.py`, `articles.py`, `stories.py`, `learned.py`, `publishing.py`), each a mixin on
`StoreBase`; `sql.py` combines them into `SQLStore`, and `SQLiteStore` / `PostgresStore` supply
connections, transactions, the schema and full-text search for their engine. Queries use ``?``
placeholders; the PostgreSQL transaction rewrites them to ``%s``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Protocol

from newsdesk.store.models import (
    StoredArticle,
)


class StoreError(Exception):
    """The database could not be opened or used; the message says what to do."""


class Tx(Protocol):
    """One transaction: run statements, read rows."""

    def run(self, sql: str, params: Sequence[Any] = ()) -> None: ...
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...
    def row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None: ...
    def run_many(self, sql: str, params: Iterable[Sequence[Any]]) -> None: ...
    def batches(self, sql: str, params: Sequence[Any] = (), size: int = 500,
                ) -> Iterator[list[tuple[Any, ...]]]: ...


def now() -> datetime:
    return datetime.now(UTC)

class StoreBase(ABC):
    """The engine's duties, which every query mixin relies on."""

    url: str

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Tx]:
        """A transaction that commits on success and rolls back on error."""

    def reading(self) -> AbstractContextManager[Tx]:
        """A transaction that only reads; engines where readers wait for writers override it."""
        return self.transaction()

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, language: str | None = None,
        source_id: int | None = None,
    ) -> list[StoredArticle]:
        """Articles matching every word of ``query``, best first."""

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
