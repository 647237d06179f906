"""Runs pure, CPU-bound stage functions (page extraction) in worker processes, so that on a
machine with several cores fetching, repair and grouping go on while pages are extracted.

Only functions of plain records go through it: arguments and results are pickled. With no
workers it runs them inline. A worker that dies (a page that exhausts memory, a crash in a
parser) costs that one call, which is retried inline; the pool is started afresh.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class StagePool:
    def __init__(self, workers: int) -> None:
        self._workers = max(0, workers)
        self._pool: ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return self._workers

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a worker process (inline when there are none)."""
        if not self._workers:
            return fn(*args, **kwargs)
        call = partial(fn, *args, **kwargs)
        try:
            return await asyncio.get_running_loop().run_in_executor(self._started(), call)
        except BrokenProcessPool:
            log.warning("a stage worker process died; running %s inline", fn.__name__)
            self._restart()
            return call()

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the parent holds threads (database, event loop) and sockets
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self._workers, mp_context=context)
        return self._pool

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
