"""Runs a worker's polls on a thread and event loop of their own.

The pipeline does its database work and its text work synchronously; on the worker's own
loop that would hold up the job queue's heartbeats, and a worker that misses heartbeats is
taken for dead and its polls are handed to others. On their own loop, the polls share one
`Fetcher` (so per-host politeness still holds within the worker) while the job queue's loop
stays free to send heartbeats and fetch jobs.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any

from newsdesk.app import App
from newsdesk.fetch import Fetcher
from newsdesk.jobs.poller import PollOutcome
from newsdesk.store import Source


class PollThread:
    """A thread with an event loop and a `Fetcher`, polling sources for ``app``."""

    def __init__(self, app: App) -> None:
        self._app = app
        self._loop = asyncio.new_event_loop()
        self._fetcher: Fetcher | None = None
        self._closing: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="newsdesk-polls", daemon=True)

    def start(self, timeout_s: float = 30.0) -> None:
        self._thread.start()
        if not self._ready.wait(timeout_s):
            raise RuntimeError(f"the poll thread did not start within {timeout_s:.0f} s")
        if self._error is not None:
            raise self._error

    async def poll(self, source: Source) -> PollOutcome:
        """Poll one source on the poll thread; cancelling this cancels the poll."""
        assert self._fetcher is not None, "start() the poll thread first"
        return await self._submit(self._app.poller.poll_one(source, self._fetcher))

    def stop(self, timeout_s: float = 30.0) -> None:
        """Close the fetcher and end the thread (polls still running are cancelled)."""
        if self._closing is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._closing.set)
        self._thread.join(timeout_s)

    async def _submit(self, work: Coroutine[Any, Any, PollOutcome]) -> PollOutcome:
        future = asyncio.run_coroutine_threadsafe(work, self._loop)
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            future.cancel()
            raise

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        finally:
            self._loop.close()

    async def _serve(self) -> None:
        self._closing = asyncio.Event()
        try:
            async with self._app.fetcher() as fetcher:
                self._fetcher = fetcher
                self._ready.set()
                await self._closing.wait()
                await self._cancel_polls()
        except BaseException as exc:  # reported to start(), which raises it
            self._error = exc
            self._ready.set()

    async def _cancel_polls(self) -> None:
        polls = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in polls:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*polls, return_exceptions=True)
