"""Retention: drop what the settings no longer keep, on demand (`newsdesk prune`), every
`retention.every_hours` in `newsdesk run`, and hourly in workers (their upkeep job).

What goes: fetched bodies older than `retention.fetch_days` (never an article's latest page),
article revisions beyond the newest `retention.revisions`, search outbox rows the index has
applied, and on PostgreSQL finished worker jobs older than `retention.job_days`. A setting of
0 keeps that kind forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from newsdesk.config import Retention
from newsdesk.store import Store, applied_search_cursor
from newsdesk.store.base import now

log = logging.getLogger(__name__)

FIRST_PRUNE_S = 60.0  # `run` prunes a minute after it starts, then every `every_hours`


@dataclass(slots=True)
class PruneReport:
    fetches: int = 0
    revisions: int = 0
    search_changes: int = 0
    jobs: int | None = None  # None: no job queue in this store
    dry_run: bool = False

    def summary(self) -> str:
        verb = "Would drop" if self.dry_run else "Dropped"
        jobs = "" if self.jobs is None else f", {self.jobs} finished job(s)"
        return (f"{verb} {self.fetches} fetched bodies, {self.revisions} old revision(s),"
                f" {self.search_changes} applied search change(s){jobs}.")


def prune_store(store: Store, policy: Retention, *, dry_run: bool = False,
                at: datetime | None = None) -> PruneReport:
    """Prune the store's own tables (not the job queue) as ``policy`` says."""
    moment = at or now()
    report = PruneReport(dry_run=dry_run)
    if policy.fetch_days > 0:
        report.fetches = store.prune_fetches(_ago(moment, policy.fetch_days), dry_run=dry_run)
    if policy.revisions > 0:
        report.revisions = store.prune_revisions(policy.revisions, dry_run=dry_run)
    before = _ago(moment, policy.search_change_days) if policy.search_change_days > 0 else None
    try:
        applied = applied_search_cursor(store)
    except LookupError:  # a database newsdesk did not migrate: nothing to prune there
        applied = None
    report.search_changes = store.prune_search_changes(applied=applied, before=before,
                                                       dry_run=dry_run)
    return report


async def prune_jobs(job_app: Any, policy: Retention, *, dry_run: bool = False) -> int:
    """Drop finished worker jobs older than `job_days` from an open procrastinate app."""
    from newsdesk.jobs.queue import prune_finished_jobs

    if policy.job_days <= 0:
        return 0
    return await prune_finished_jobs(job_app, policy.job_days * 24, dry_run=dry_run)


async def prune(store: Store, policy: Retention, *, dry_run: bool = False) -> PruneReport:
    """Everything `prune_store` does, and the job queue's finished jobs on PostgreSQL (when a
    worker has created the queue)."""
    report = await asyncio.to_thread(prune_store, store, policy, dry_run=dry_run)
    if store.has_job_queue():
        from newsdesk.jobs.queue import make_job_app

        job_app = make_job_app(store.url)
        async with job_app.open_async():
            report.jobs = await prune_jobs(job_app, policy, dry_run=dry_run)
    return report


async def worker_upkeep(store: Store, policy: Retention, job_app: Any) -> PruneReport:
    """The workers' hourly upkeep job: prune the store and the queue they run on."""
    report = await asyncio.to_thread(prune_store, store, policy)
    report.jobs = await prune_jobs(job_app, policy)
    log.info("retention: %s", report.summary())
    return report


async def prune_periodically(store: Store, policy: Retention, stop: asyncio.Event) -> None:
    """`newsdesk run`: prune a minute after start, then every `every_hours`, until ``stop``."""
    if policy.every_hours <= 0:
        return
    wait = FIRST_PRUNE_S
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=wait)
        if stop.is_set():
            return
        try:
            report = await asyncio.to_thread(prune_store, store, policy)
            log.info("retention: %s", report.summary())
        except Exception:  # the next round tries again; serving goes on
            log.exception("retention: pruning failed")
        wait = policy.every_hours * 3600


def _ago(moment: datetime, days: float) -> datetime:
    return moment - timedelta(days=days)
