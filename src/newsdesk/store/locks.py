"""Coordination between processes that group articles: one store-wide lock.

Several workers may place articles in stories at once. Each keeps its own story index in
memory, so before it places an article it catches up with what the others stored (the
queries in `stories.py`), and the catch-up, the choice and the save happen under
`grouping_lock`, so two copies of one story never both start a story.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from newsdesk.store.base import StoreBase

_GROUPING_LOCK = 7_240_312  # advisory lock id; _MIGRATION_LOCK in postgres.py is 7_240_311


class LockQueries(StoreBase):
    @contextmanager
    def grouping_lock(self) -> Iterator[None]:
        """Hold the store-wide grouping lock: one placement at a time across processes.

        PostgreSQL: a transaction-scoped advisory lock, released on commit, rollback or a
        lost connection (a killed worker never leaves it held). SQLite: one ``BEGIN
        IMMEDIATE`` transaction around the block (the file's write lock), which the block's
        own store calls join, so the placement is also atomic. Do not nest it.
        """
        with self.transaction() as tx:
            if self.url.startswith(("postgresql://", "postgres://")):
                tx.run("SELECT pg_advisory_xact_lock(?)", (_GROUPING_LOCK,))
            yield
