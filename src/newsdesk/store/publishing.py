"""What publishing needs beyond plain reads: which story went out where."""

from __future__ import annotations

from newsdesk.store.base import StoreBase, now


class PublishingQueries(StoreBase):
    def record_publication(self, story_id: int, channel: str, message_id: str | None) -> bool:
        """Remember that a story went out on a channel; False if it already had."""
        with self.transaction() as tx:
            row = tx.row(
                "INSERT INTO publications (story_id, channel, message_id, published_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (story_id, channel) DO NOTHING RETURNING id",
                (story_id, channel, message_id, now()),
            )
        return row is not None

    def is_published(self, story_id: int, channel: str) -> bool:
        with self.transaction() as tx:
            return tx.row("SELECT 1 FROM publications WHERE story_id = ? AND channel = ?",
                          (story_id, channel)) is not None
