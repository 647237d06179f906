"""Runs pure, CPU-bound stage functions (page extraction) in worker processes, so that on a
machine with several cores fetching, repair and grouping go on while pages are extracted.

Only functions of plain records go through it: arguments and results are pickled. With no
workers it runs them inline; `share` runs one inline too while the workers are behind and
this process has time to spare. A worker that dies (a page that exhausts memory, a crash in a
parser) costs that one call, which is retried inline; the pool is started afresh. A worker
whose parent dies (even by SIGKILL, which runs no clean-up) ends itself within a fraction of
a second, so no orphan keeps running or holds the parent's terminal open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from newsdesk.ops.allocator import give_back_free_pages, keep_large_blocks_apart
from newsdesk.ops.collector import collect_less_often

log = logging.getLogger(__name__)
T = TypeVar("T")


# `share`: each worker is handed its call and SHARE_BACKLOG more; the rest wait, and one runs
# here when this process used less than SPARE_BELOW of a core over the last SPARE_SPAN
# seconds, looked at every SHARE_TICK seconds while calls wait.
SHARE_BACKLOG = 1
SPARE_BELOW = 0.8
SPARE_SPAN = 0.25
SHARE_TICK = 0.01


@dataclass(slots=True)
class _Job:
    """A shared call waiting for a worker, or for this process to have time for it."""

    call: Callable[[], Any]
    future: asyncio.Future[tuple[Any, float]]


class StagePool:
    def __init__(self, workers: int) -> None:
        self._workers = max(0, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._sent = 0  # calls in the workers' hands or waiting for them
        self._counting = threading.Lock()
        self._mark = (time.monotonic(), time.process_time(), 0.0)
        self._busy = 1.0  # share of a core this process's own work took over the last span
        self._shared_here = 0.0  # CPU seconds of shared calls run here, all told
        self._loop: asyncio.AbstractEventLoop | None = None  # where shared calls wait
        self._waiting: deque[_Job] = deque()
        self._tick: asyncio.TimerHandle | None = None

    @property
    def workers(self) -> int:
        return self._workers

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a worker process (inline when there are none)."""
        result, _ = await self.run_measured(fn, *args, **kwargs)
        return result

    async def run_measured(
        self, fn: Callable[..., T], /, *args: Any, **kwargs: Any,
    ) -> tuple[T, float]:
        """``fn(*args, **kwargs)`` and the CPU seconds it took, wherever it ran."""
        call = partial(_measured, partial(fn, *args, **kwargs))
        if not self._workers:
            return call()
        try:
            return await asyncio.wrap_future(self._submitted(call))
        except BrokenProcessPool:
            log.warning("a stage worker process died; running %s inline", fn.__name__)
            self._restart()
            return call()

    async def share(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any,
                    ) -> tuple[T, float]:
        """`run_measured`, but the call waits here while the workers have no room
        (`SHARE_BACKLOG`), and runs in this process if it has time to spare first
        (`SPARE_BELOW`): in a burst of pages the workers are behind while this process,
        its own work done, would wait for them. Only for stages whose memory this process
        may hold too (extraction, not repair's word lists)."""
        call = partial(fn, *args, **kwargs)
        if not self._workers:
            return _measured(call)
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop: what waited on another is gone
            self._loop, self._waiting, self._tick = loop, deque(), None
        job = _Job(call, loop.create_future())
        self._waiting.append(job)
        self._hand_out()
        return await job.future

    def _hand_out(self) -> None:
        """Waiting calls to the workers while they have room; if some still wait, a look
        in `SHARE_TICK` whether this process can take one."""
        while self._waiting and self._sent < self._workers * (1 + SHARE_BACKLOG):
            self._send(self._waiting.popleft())
        if self._waiting and self._tick is None and self._loop is not None:
            self._tick = self._loop.call_later(SHARE_TICK, self._help)

    def _help(self) -> None:
        """One waiting call run here if this process has had time to spare; then, while
        calls wait, the next look (at once after running one: the loop had its turn)."""
        self._tick = None
        ran = False
        if self._waiting and self._spare_here():
            job = self._waiting.popleft()
            ran = not job.future.done()
            if ran:
                self._run_here(job)
        if self._waiting and self._loop is not None:
            self._tick = self._loop.call_later(0 if ran else SHARE_TICK, self._help)

    def _send(self, job: _Job) -> None:
        if job.future.done():  # its caller gave up waiting
            return
        loop = job.future.get_loop()
        try:
            sent = self._submitted(partial(_measured, job.call))
        except BrokenProcessPool:
            self._restart()
            self._run_here(job)
            return
        sent.add_done_callback(lambda done: _call_soon(loop, self._received, job, done))

    def _received(self, job: _Job, done: Future[tuple[Any, float]]) -> None:
        if job.future.done():
            return
        if done.cancelled():  # the pool was shut down
            job.future.cancel()
        elif isinstance(done.exception(), BrokenProcessPool):
            log.warning("a stage worker process died; running a shared call inline")
            self._restart()
            self._run_here(job)
        else:
            _settle(job.future, done)

    def _run_here(self, job: _Job) -> None:
        """``job`` run in this process, its outcome handed to its caller."""
        try:
            result = _measured(job.call)
        except Exception as exc:
            job.future.set_exception(exc)
            return
        self._shared_here += result[1]
        job.future.set_result(result)

    def _spare_here(self) -> bool:
        """Whether this process's own work (not the shared calls it ran) took less than
        `SPARE_BELOW` of a core lately (`SPARE_SPAN`)."""
        now, cpu, shared = time.monotonic(), time.process_time(), self._shared_here
        span = now - self._mark[0]
        if span >= SPARE_SPAN:
            self._busy = ((cpu - self._mark[1]) - (shared - self._mark[2])) / span
            self._mark = (now, cpu, shared)
        return self._busy < SPARE_BELOW

    def _submitted(self, call: Callable[[], T]) -> Future[T]:
        """``call`` handed to the workers, counted in `_sent` until a worker has done it
        (not until the event loop gets to its result: a busy loop would count it still)."""
        with self._counting:
            self._sent += 1
        try:
            future = self._started().submit(call)
        except BaseException:
            self._done(None)
            raise
        future.add_done_callback(self._done)
        return future

    def _done(self, _: Future[Any] | None) -> None:
        with self._counting:  # called in the pool's own thread
            self._sent -= 1
        if self._waiting and self._loop is not None:
            _call_soon(self._loop, self._hand_out)  # a worker has room

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the parent holds threads (database, event loop) and sockets
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self._workers, mp_context=context,
                                             initializer=prepare_worker,
                                             initargs=(os.getpid(),))
        return self._pool

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


PARENT_CHECK_S = 0.2


def _call_soon(loop: asyncio.AbstractEventLoop, callback: Callable[..., None], *args: Any,
               ) -> None:
    """``callback(*args)`` on ``loop``, from any thread; nothing if the loop has closed."""
    with contextlib.suppress(RuntimeError):  # closed: nobody waits there any more
        loop.call_soon_threadsafe(callback, *args)


def _settle(future: asyncio.Future[tuple[Any, float]], outcome: Future[tuple[Any, float]],
            ) -> None:
    """``future`` given ``outcome``'s result or error."""
    error = outcome.exception()
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(outcome.result())


def _measured(call: Callable[[], T]) -> tuple[T, float]:
    """``call()`` and its CPU time, taken in the thread (or worker process) that ran it;
    then, now and then, the process's free heap pages handed back (`ops.allocator`)."""
    started = time.thread_time()
    result = call()
    spent = time.thread_time() - started
    give_back_free_pages()
    return result, spent


def prepare_worker(parent_pid: int) -> None:
    """Run in each worker as it starts: leave Ctrl-C to the parent, and end this process
    soon after ``parent_pid`` ends.

    Its C allocator keeps large blocks apart (`ops.allocator`) and its garbage collector runs
    less often (`ops.collector`), as the parent's do.
    Ctrl-C in a terminal signals every process of the group; the parent stops the pool, so
    a worker ignores SIGINT rather than print a traceback. A watcher thread compares the
    parent's pid every 0.2 s (an orphan is adopted by another process). Not Linux's
    ``PR_SET_PDEATHSIG``: it fires when the *thread* that started the worker ends, and
    workers are started from whichever thread first extracts.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    keep_large_blocks_apart()
    collect_less_often()
    if os.getppid() != parent_pid:  # the parent died while we were starting
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True,
                     name="newsdesk-parent-watch").start()


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_S)
    os._exit(1)
