"""The single-process runner: an asyncio loop that polls due sources until stopped.

Each due source is polled in its own task, so one slow source never delays the others;
a source already being polled is not started twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from newsdesk.fetch import Fetcher
from newsdesk.jobs.poller import Poller, ProgressHook

log = logging.getLogger(__name__)

TICK_S = 1.0  # how often the loop looks for due sources
GRACE_S = 0.5  # stop() lets in-flight polls finish this long, then abandons them (a stop
# within 2 s; an abandoned poll loses nothing: each article is stored whole or not at all,
# and the source is polled again at the next start)


class EmbeddedRunner:
    def __init__(
        self, poller: Poller, fetcher: Fetcher, *, tick_s: float = TICK_S,
        concurrent_sources: int = 50,
    ) -> None:
        self._poller = poller
        self._fetcher = fetcher
        self._tick_s = tick_s
        self._stopping = asyncio.Event()
        self._in_flight: dict[int, asyncio.Task[object]] = {}
        self._gate = asyncio.Semaphore(concurrent_sources)

    def stop(self) -> None:
        """Ask the loop to end: no new polls start; in-flight ones get a grace period."""
        self._stopping.set()

    async def run(self, progress: ProgressHook | None = None) -> None:
        while not self._stopping.is_set():
            self._start_due(progress)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self._tick_s)
        await self._drain()

    def _start_due(self, progress: ProgressHook | None) -> None:
        for source in self._poller.store.due_sources():
            if source.id in self._in_flight:
                continue
            task = asyncio.create_task(self._poll(source, progress))
            self._in_flight[source.id] = task
            task.add_done_callback(lambda _t, sid=source.id: self._in_flight.pop(sid, None))

    async def _poll(self, source: object, progress: ProgressHook | None) -> None:
        async with self._gate:
            if self._stopping.is_set():
                return
            outcome = await self._poller.poll_one(source, self._fetcher)  # type: ignore[arg-type]
        if progress:
            progress(outcome)

    async def _drain(self) -> None:
        tasks = list(self._in_flight.values())
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=GRACE_S)
        for task in pending:  # abandoned safely: nothing is half-written, the poll is redone
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
