"""Coordination between processes that group articles: one lock, and catching up.

Several workers may place articles in stories at once. Each keeps its own story index in
memory, so before it places an article it catches up with what the others stored
(`signatures_after`, `signatures_of`, `unsigned_articles`,
`decisions_after`), and the catch-up, the choice and the save happen
under one store-wide `grouping_lock`, so two copies of one story never both start a story.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from newsdesk.store import rows
from newsdesk.store.base import StoreBase
from newsdesk.store.models import StoredSignature, StoryDecision

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

    def signatures_after(self, article_id: int) -> list[StoredSignature]:
        """Story signatures of articles with an id above ``article_id``, in id order."""
        return self._signatures("g.article_id > ?", (article_id,))

    def signatures_of(self, article_ids: Sequence[int]) -> list[StoredSignature]:
        """Story signatures of the given articles (those that have one), in id order."""
        if not article_ids:
            return []
        marks = ", ".join("?" * len(article_ids))
        return self._signatures(f"g.article_id IN ({marks})", tuple(article_ids))

    def _signatures(self, where: str, params: Sequence[Any]) -> list[StoredSignature]:
        with self.transaction() as tx:
            found = tx.rows(
                "SELECT g.article_id, a.story_id, a.published, g.scheme, g.minhash, g.features"
                f" FROM story_signatures g JOIN articles a ON a.id = g.article_id WHERE {where}"
                " ORDER BY g.article_id", params,
            )
        return [
            StoredSignature(r[0], r[1], rows.utc(r[2]), r[3], bytes(r[4]), bytes(r[5]))
            for r in found
        ]

    def unsigned_articles(self, after_id: int, up_to_id: int, seen_since: datetime) -> list[int]:
        """Ids in (``after_id``, ``up_to_id``] of articles first seen since ``seen_since`` that
        have no signature yet: ones another process is about to place."""
        with self.transaction() as tx:
            found = tx.rows(
                "SELECT a.id FROM articles a WHERE a.id > ? AND a.id <= ? AND a.first_seen >= ?"
                " AND NOT EXISTS (SELECT 1 FROM story_signatures g WHERE g.article_id = a.id)"
                " ORDER BY a.id", (after_id, up_to_id, seen_since),
            )
        return [int(r[0]) for r in found]

    def decisions_after(self, decision_id: int) -> list[tuple[int, StoryDecision]]:
        """Users' story corrections with an id above ``decision_id``, oldest first."""
        with self.transaction() as tx:
            found = tx.rows(
                "SELECT id, kind, story_id, article_id, other_story_id FROM story_decisions"
                " WHERE id > ? ORDER BY id", (decision_id,),
            )
        return [(int(r[0]), StoryDecision(*r[1:])) for r in found]
