"""Items whose page could not be read: kept, counted per source, retried, cleared."""

from __future__ import annotations

from newsdesk.store import rows
from newsdesk.store.base import StoreBase, now
from newsdesk.store.models import FailedItem

_COLUMNS = ("source_id, url, guid, article_id, fetch_id, error, attempts, first_failed,"
            " last_failed")


class FailureQueries(StoreBase):
    def record_failed_item(
        self, source_id: int, url: str, error: str, *, guid: str | None = None,
        article_id: int | None = None, fetch_id: int | None = None,
    ) -> None:
        """Keep (or count one more try of) an item whose page could not be read."""
        moment = now()
        with self.transaction() as tx:
            tx.run(
                f"INSERT INTO failed_items ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)"
                " ON CONFLICT (source_id, url) DO UPDATE SET error = excluded.error,"
                " attempts = failed_items.attempts + 1, last_failed = excluded.last_failed,"
                " article_id = COALESCE(excluded.article_id, failed_items.article_id),"
                " fetch_id = COALESCE(excluded.fetch_id, failed_items.fetch_id)",
                (source_id, url, guid, article_id, fetch_id, error[:1000], moment, moment),
            )

    def clear_failed_item(self, source_id: int, url: str) -> None:
        with self.transaction() as tx:
            tx.run("DELETE FROM failed_items WHERE source_id = ? AND url = ?", (source_id, url))

    def failed_items(self, source_id: int | None = None) -> list[FailedItem]:
        """Pending failures, oldest first; of one source when ``source_id`` is given."""
        where = "WHERE source_id = ?" if source_id is not None else ""
        with self.reading() as tx:
            found = tx.rows(f"SELECT {_COLUMNS} FROM failed_items {where}"
                            " ORDER BY first_failed, url",
                            (source_id,) if source_id is not None else ())
        return [FailedItem(int(s), u, g, a, f, e, int(n), rows.utc(first) or now(),
                           rows.utc(last) or now())
                for s, u, g, a, f, e, n, first, last in found]

    def failed_attempts(self, source_id: int) -> dict[str, int]:
        """URL -> tries so far, of one source's pending failures."""
        with self.reading() as tx:
            found = tx.rows("SELECT url, attempts FROM failed_items WHERE source_id = ?",
                            (source_id,))
        return {url: int(attempts) for url, attempts in found}
