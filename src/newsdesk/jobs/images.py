"""The follow-up job after articles are stored: fetch their lead images, check and re-encode
them (in the stage pool's worker processes), keep the files, record the outcome.

Never on a page request and never in an article's way: an article is stored and shown before
its picture is fetched, and a picture that fails is retried later with backoff (a server's
trouble), or given up at once (not a picture, too large, gone, refused).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from newsdesk.fetch import Fetcher, FetchError
from newsdesk.fetch.images import fetch_image
from newsdesk.images import ImageError, PreparedImage, prepare_image
from newsdesk.stage_pool import StagePool
from newsdesk.store import Store
from newsdesk.store.image_files import ImageFiles
from newsdesk.store.images import ImageTask, LeadImage

log = logging.getLogger(__name__)

PER_ROUND = 8  # pictures claimed per round: a round follows each poll
RETRY_AFTER = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
               timedelta(hours=12))
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
_PASSING = frozenset({"dns", "connect", "timeout", "tls"})  # may work next time


@dataclass(slots=True)
class ImageRound:
    """What one round did: pictures kept, failures to retry, failures given up."""

    ready: int = 0
    retrying: int = 0
    given_up: int = 0
    errors: list[str] = field(default_factory=list)


class LeadImages:
    """Fetches due lead images into ``files``; CPU work in ``pool`` (threads if it has none)."""

    def __init__(self, store: Store, files: ImageFiles, pool: StagePool | None = None) -> None:
        self.store = store
        self.files = files
        self.pool = pool

    async def fetch_due(self, fetcher: Fetcher, *, limit: int = PER_ROUND) -> ImageRound:
        """Claim up to ``limit`` due pictures and fetch them at once (the fetcher keeps each
        host polite). Never raises for a bad picture: the outcome is recorded on its row."""
        tasks = await asyncio.to_thread(self.store.claim_images, limit)
        done = ImageRound()
        for outcome in await asyncio.gather(*(self._one(fetcher, t) for t in tasks)):
            if outcome is None:
                done.ready += 1
            else:
                kind, message = outcome
                setattr(done, kind, getattr(done, kind) + 1)
                done.errors.append(message)
        return done

    async def _one(self, fetcher: Fetcher, task: ImageTask) -> tuple[str, str] | None:
        try:
            data = await fetch_image(fetcher, task.url)
            prepared = await self._prepare(data)
            await asyncio.to_thread(self._keep, task.article_id, prepared)
            return None
        except FetchError as exc:
            return await self._failed(task, str(exc), passing=_passing(exc))
        except ImageError as exc:
            return await self._failed(task, f"{task.url}: {exc}", passing=not exc.permanent)

    async def _prepare(self, data: bytes) -> PreparedImage:
        if self.pool is not None and self.pool.workers:
            return await self.pool.run(prepare_image, data)
        return await asyncio.to_thread(prepare_image, data)  # Pillow lets go of the GIL

    def _keep(self, article_id: int, prepared: PreparedImage) -> None:
        self.files.save((r.name(prepared.key), r.data) for r in prepared.renditions)
        self.store.image_ready(article_id, LeadImage(prepared.key, prepared.width,
                                                     prepared.height, prepared.widths))

    async def _failed(self, task: ImageTask, error: str, *, passing: bool) -> tuple[str, str]:
        retry_at = None
        if passing and task.attempts < MAX_ATTEMPTS:
            retry_at = datetime.now(UTC) + RETRY_AFTER[task.attempts - 1]
        log.info("lead image of article %s: %s", task.article_id, error)
        await asyncio.to_thread(self.store.image_failed, task.article_id, error, retry_at)
        return ("retrying" if retry_at else "given_up"), error


def _passing(error: FetchError) -> bool:
    """Whether another try may succeed: network trouble, a server error, a rate limit."""
    if error.reason in _PASSING:
        return True
    return error.reason == "http_status" and (error.status or 0) in {408, 425, 429} | set(
        range(500, 600))
