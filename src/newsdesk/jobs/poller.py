"""Polls due sources and records each one's outcome: the job both runners share.

A poll of one source is one job. Errors stay with their source: the rest go on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsdesk.config import PollPolicy
from newsdesk.fetch import Fetcher
from newsdesk.jobs import schedule
from newsdesk.jobs.images import LeadImages
from newsdesk.ops import metrics
from newsdesk.pipeline import Pipeline, PollError, PollReport
from newsdesk.store import Source, Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class PollOutcome:
    source: Source
    report: PollReport | None
    error: str | None


ProgressHook = Callable[[PollOutcome], None]


class Poller:
    def __init__(self, store: Store, pipeline: Pipeline, policy: PollPolicy,
                 images: LeadImages | None = None) -> None:
        self.store = store
        self.pipeline = pipeline
        self.policy = policy
        self.images = images  # fetched after each poll, once its articles are stored

    async def poll_due(
        self, fetcher: Fetcher, *, everything: bool = False, progress: ProgressHook | None = None,
    ) -> list[PollOutcome]:
        """Poll every due source (or every active one), a bounded number at a time."""
        due = (
            [s for s in self.store.list_sources() if s.status == "active"]
            if everything else self.store.due_sources()
        )
        gate = asyncio.Semaphore(self.policy.concurrent_sources)

        async def one(source: Source) -> PollOutcome:
            async with gate:
                outcome = await self.poll_one(source, fetcher)
            if progress:
                progress(outcome)
            return outcome

        return list(await asyncio.gather(*(one(s) for s in due)))

    async def poll_one(self, source: Source, fetcher: Fetcher) -> PollOutcome:
        """Poll one source and record success or failure on it; never raises for bad input."""
        outcome = await self._poll_and_record(source, fetcher)
        metrics.poll_finished(outcome)
        return outcome

    async def _poll_and_record(self, source: Source, fetcher: Fetcher) -> PollOutcome:
        try:
            report = await self.pipeline.poll(source, fetcher)
        except PollError as exc:
            self._record_failure(source, str(exc), exc.retry_after)
            return PollOutcome(source, None, str(exc))
        except Exception as exc:  # a bug must not stop the other sources
            log.exception("polling source %s failed unexpectedly", source.id)
            self._record_failure(source, f"internal error: {exc!r}", None)
            return PollOutcome(source, None, f"internal error: {exc!r}")
        self._record_success(source, report)
        await self._fetch_images(fetcher)
        return PollOutcome(source, report, None)

    async def _fetch_images(self, fetcher: Fetcher) -> None:
        if self.images is None:
            return
        try:
            await self.images.fetch_due(fetcher)
        except Exception:  # pictures are extras: a failure here must not fail the poll
            log.exception("fetching lead images failed")

    def _record_success(self, source: Source, report: PollReport) -> None:
        now = datetime.now(UTC)
        found = report.new_articles + report.updated_articles
        nxt = schedule.after_success(self.policy, source.interval_s, found, source.settings, now)
        if report.deferred:  # items left over the per-poll limit: come back for them soon
            soon = schedule.bounds(self.policy, source.settings)[0]
            nxt = schedule.NextPoll(now + timedelta(seconds=soon), nxt.interval_s)
        error = None
        if report.item_errors:
            error = (f"{len(report.item_errors)} of {report.attempted} items failed (kept for"
                     " retry): " + "; ".join(report.item_errors[:3]))
        elif report.warnings:  # read, but with problems worth showing
            error = "warning: " + "; ".join(report.warnings[:3])
        self.store.update_source(
            source.id, last_polled_at=now, last_success_at=now, last_error=error, error_count=0,
            next_poll_at=nxt.at, interval_s=nxt.interval_s, etag=report.etag,
            last_modified=report.last_modified, items_seen=source.items_seen + report.new_articles,
            items_failed=len(self.store.failed_attempts(source.id)),
        )

    def _record_failure(self, source: Source, error: str, retry_after: float | None) -> None:
        now = datetime.now(UTC)
        failures = source.error_count + 1
        nxt = schedule.after_failure(self.policy, source.interval_s, failures, retry_after, now)
        status = source.status
        if failures >= self.policy.max_failures:
            status = "disabled"
            error = f"disabled after {failures} failures in a row; last: {error}"
        self.store.update_source(
            source.id, last_polled_at=now, last_error=error, error_count=failures,
            next_poll_at=nxt.at, status=status,
        )
