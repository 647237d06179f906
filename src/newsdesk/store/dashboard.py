"""What the desk's health dashboard reads: polling, intake per hour, queue depth, disk used."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from newsdesk.store import rows
from newsdesk.store.base import StoreBase, now
from newsdesk.store.models import Source


@dataclass(frozen=True, slots=True)
class PollFigures:
    sources: int
    active: int
    paused: int
    disabled: int
    failing: list[Source]  # erring or disabled, most errors first
    last_polled_at: datetime | None
    polled_last_hour: int
    due_now: int  # active sources whose poll time has come: the embedded runner's queue


def _is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


class DashboardQueries(StoreBase):
    def poll_figures(self) -> PollFigures:
        moment = now()
        with self.reading() as tx:
            counts = dict(tx.rows("SELECT status, count(*) FROM sources GROUP BY status"))
            failing = tx.rows(
                f"SELECT {rows.SOURCE_COLUMNS} FROM sources WHERE error_count > 0"
                " OR status = 'disabled' ORDER BY error_count DESC, id LIMIT 100")
            last = tx.row("SELECT max(last_polled_at) FROM sources")
            recent = tx.row("SELECT count(*) FROM sources WHERE last_polled_at >= ?",
                            (moment - timedelta(hours=1),))
            due = tx.row("SELECT count(*) FROM sources WHERE status = 'active'"
                         " AND next_poll_at <= ?", (moment,))
        return PollFigures(
            sources=sum(int(n) for n in counts.values()), active=int(counts.get("active", 0)),
            paused=int(counts.get("paused", 0)), disabled=int(counts.get("disabled", 0)),
            failing=[rows.source_from_row(r) for r in failing],
            last_polled_at=rows.utc(last[0]) if last else None,
            polled_last_hour=int(recent[0]) if recent else 0, due_now=int(due[0]) if due else 0,
        )

    def articles_per_hour(self, hours: int = 24) -> list[tuple[datetime, int]]:
        """(start of the hour, articles first seen in it) for the last ``hours`` hours, oldest
        first; one index range count per hour."""
        top = now().replace(minute=0, second=0, microsecond=0)
        starts = [top - timedelta(hours=h) for h in range(hours - 1, -1, -1)]
        found = []
        with self.reading() as tx:
            for start in starts:
                row = tx.row("SELECT count(*) FROM articles WHERE first_seen >= ?"
                             " AND first_seen < ?", (start, start + timedelta(hours=1)))
                found.append((start, int(row[0]) if row else 0))
        return found

    def queued_poll_jobs(self) -> int | None:
        """Polls waiting or running in the worker queue (PostgreSQL with workers); None when
        there is no such queue."""
        if not _is_postgres(self.url):
            return None
        with self.reading() as tx:
            table = tx.row("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
            if not table or not table[0]:
                return None
            row = tx.row("SELECT count(*) FROM procrastinate_jobs"
                         " WHERE status IN ('todo', 'doing')")
        return int(row[0]) if row else 0

    def database_bytes(self) -> int:
        """The size of the database: PostgreSQL's count, or SQLite's file with its journal."""
        if _is_postgres(self.url):
            with self.reading() as tx:
                row = tx.row("SELECT pg_database_size(current_database())")
            return int(row[0]) if row else 0
        return sum(_file_bytes(Path(self.url + suffix)) for suffix in ("", "-wal", "-shm"))

    def search_index_bytes(self) -> int:
        """The size of this machine's search index of the store."""
        from newsdesk.store.fulltext.search import search_dir

        return directory_bytes(search_dir(self))


def _file_bytes(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def directory_bytes(path: Path) -> int:
    """The size of every file under ``path`` (0 if it does not exist)."""
    total = 0
    for root, _, files in os.walk(path):
        total += sum(_file_bytes(Path(root) / name) for name in files)
    return total
