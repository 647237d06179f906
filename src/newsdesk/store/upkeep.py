"""What operations ask of the database: is it there, how big is it, and pruning what the
retention settings no longer keep. Deletes run in short batches, so a prune never holds the
write lock long enough to stall polling or the site."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsdesk.store.base import StoreBase, Tx, now

BATCH = 500
_QUEUE_STATUSES = ("todo", "doing")


class UpkeepQueries(StoreBase):
    def ping(self) -> None:
        """Raise unless the database answers a query."""
        with self.reading() as tx:
            tx.row("SELECT 1")

    def schema_version(self) -> int:
        """The newest migration applied."""
        with self.reading() as tx:
            return _count(tx, "SELECT coalesce(max(version), 0) FROM schema_migrations")

    def vacuum(self) -> None:
        """Give freed space back to the file system. SQLite overrides this; on PostgreSQL
        autovacuum makes freed space reusable, and shrinking tables is VACUUM FULL's job,
        which locks them, so it is left to the operator."""

    def totals(self) -> dict[str, Any]:
        """Articles, stories, sources by status, sources due, and (PostgreSQL, once a worker
        created the queue) worker jobs waiting or running."""
        queue = self.has_job_queue()
        with self.reading() as tx:
            found: dict[str, Any] = {
                "articles": _count(tx, "SELECT count(*) FROM articles"),
                "stories": _count(tx, "SELECT count(*) FROM stories"),
                "sources": {str(s): int(n) for s, n in tx.rows(
                    "SELECT status, count(*) FROM sources GROUP BY status")},
                "due": _count(tx, "SELECT count(*) FROM sources WHERE status = 'active'"
                                  " AND next_poll_at <= ?", (now(),)),
            }
            if queue:
                found["jobs"] = dict.fromkeys(_QUEUE_STATUSES, 0) | {
                    str(s): int(n) for s, n in tx.rows(
                        "SELECT status::text, count(*) FROM procrastinate_jobs"
                        " WHERE status IN ('todo', 'doing') GROUP BY status")}
        return found

    def has_job_queue(self) -> bool:
        """Whether a worker has created the job queue's tables here (PostgreSQL only)."""
        if not self._is_postgres():
            return False
        with self.reading() as tx:
            row = tx.row("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
        return bool(row and row[0])

    def prune_fetches(self, before: datetime, *, dry_run: bool = False) -> int:
        """Drop fetched bodies older than ``before``, except each article's latest page;
        how many. Walks the table by id (ids grow with time) and stops at the first fetch
        newer than ``before``."""
        removed, after = 0, 0
        while True:
            with self.transaction() as tx:
                found = tx.rows(
                    "SELECT f.id, f.fetched_at < ?, EXISTS (SELECT 1 FROM articles a"
                    " WHERE a.fetch_id = f.id) FROM fetches f WHERE f.id > ? ORDER BY f.id"
                    " LIMIT ?", (before, after, BATCH))
                old = [int(r[0]) for r in found if r[1] and not r[2]]
                if old and not dry_run:
                    tx.run(f"DELETE FROM fetches WHERE id IN ({_marks(old)})", old)
            removed += len(old)
            if len(found) < BATCH or not found[-1][1]:
                return removed
            after = int(found[-1][0])

    def prune_revisions(self, keep: int, *, dry_run: bool = False) -> int:
        """Keep the newest ``keep`` earlier revisions of each article; how many were dropped."""
        where = ("FROM article_revisions r JOIN articles a ON a.id = r.article_id"
                 " WHERE r.revision < a.revision - ?")
        if dry_run:
            with self.reading() as tx:
                return _count(tx, f"SELECT count(*) {where}", (keep,))
        removed = 0
        while True:
            with self.transaction() as tx:
                ids = [int(r[0]) for r in tx.rows(f"SELECT r.id {where} LIMIT ?",
                                                  (keep, BATCH))]
                if ids:
                    tx.run(f"DELETE FROM article_revisions WHERE id IN ({_marks(ids)})", ids)
            removed += len(ids)
            if len(ids) < BATCH:
                return removed

    def prune_search_changes(
        self, *, applied: str | None, before: datetime | None, dry_run: bool = False,
    ) -> int:
        """Drop search outbox rows that indexes have applied: up to the cursor ``applied``
        (of this machine's index) and, on PostgreSQL, only rows older than ``before`` (other
        machines' indexes read them too). The highest row dropped is recorded, so an index
        still behind it rebuilds instead of missing changes."""
        if self._is_postgres():
            if before is None:
                return 0
            where, params = "noted_at < ?", [before]
            if applied is not None:
                where, params = where + " AND xid < ?::xid8", [before, applied]
            last, count = "max(xid)::text", "xid"
        else:
            if applied is None:
                return 0
            where, params, last, count = "seq <= ?", [int(applied)], "max(seq)", "seq"
        with self.transaction() as tx:
            row = tx.row(f"SELECT count({count}), {last} FROM search_changes WHERE {where}",
                         params)
            found, highest = (int(row[0]), row[1]) if row else (0, None)
            if found and not dry_run:
                tx.run(f"DELETE FROM search_changes WHERE {where}", params)
                self._record_pruned(tx, str(highest))
        return found

    def _record_pruned(self, tx: Tx, highest: str) -> None:
        if self._is_postgres():
            tx.run("UPDATE search_state SET pruned_through = GREATEST("
                   "coalesce(pruned_through, '0')::xid8, ?::xid8)::text", (highest,))
        else:
            tx.run("UPDATE search_state SET pruned_through = max(coalesce(CAST(pruned_through"
                   " AS INTEGER), 0), ?)", (int(highest),))

    def renew_search_instance(self) -> None:
        """Give the database a new identity for search, so every index built before (from a
        database this one was restored over) rebuilds instead of trusting its cursor."""
        fresh = "gen_random_uuid()::text" if self._is_postgres() else "lower(hex(randomblob(16)))"
        with self.transaction() as tx:
            tx.run(f"UPDATE search_state SET instance = {fresh}, pruned_through = NULL")

    def _is_postgres(self) -> bool:
        return self.url.startswith(("postgresql://", "postgres://"))


def _count(tx: Tx, sql: str, params: tuple[Any, ...] = ()) -> int:
    row = tx.row(sql, params)
    return int(row[0]) if row else 0


def _marks(values: list[int]) -> str:
    return ", ".join("?" * len(values))
