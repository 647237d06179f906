"""`newsdesk worker`: one of many processes that poll sources from the PostgreSQL job queue.

Start as many as the work needs, on one machine or several; they share nothing but the
database. Each runs up to ``concurrency`` source polls at once, sends a heartbeat every
``heartbeat_s`` seconds, and picks up the polls of a worker that has been silent for three
heartbeats. Stopping (``stop`` set, SIGINT or SIGTERM) lets running polls finish first.

Run one from a shell without the CLI: ``python -m newsdesk.jobs.worker --db postgresql://...``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import procrastinate

from newsdesk import repair
from newsdesk.app import App
from newsdesk.config import load_config
from newsdesk.jobs.poll_thread import PollThread
from newsdesk.jobs.queue import POLL_QUEUE, UPKEEP_QUEUE, make_job_app
from newsdesk.jobs.queue_schema import ensure_queue_schema
from newsdesk.store import StoreError

log = logging.getLogger(__name__)

GRACE_S = 0.5  # a stopping worker lets running polls finish this long, then aborts them
# (stops within 2 s; an aborted poll stores no half article and is polled again)
STALL_HEARTBEATS = 3  # a worker silent for this many heartbeats is taken for dead


class WorkerError(Exception):
    """A worker cannot run: the message says what to change."""


Upkeep = Callable[[procrastinate.App], Awaitable[object]]


async def run_worker(
    app: App, *, concurrency: int, stop: asyncio.Event, heartbeat_s: float = 10.0,
    name: str | None = None, upkeep: Upkeep | None = None,
) -> None:
    """Poll sources from the job queue of ``app``'s PostgreSQL store until ``stop`` is set.

    Creates the queue's tables on first use. ``upkeep(job_app)`` runs as the hourly upkeep
    job (once per hour across all workers). Raises `WorkerError` for a SQLite store or a
    concurrency below 1, `StoreError` when the database cannot be used.
    """
    url = app.store.url
    if not url.startswith(("postgresql://", "postgres://")):
        raise WorkerError(
            "workers need a PostgreSQL store (--db postgresql://... or NEWSDESK_DB); with"
            " SQLite, `newsdesk run` polls in one process"
        )
    if concurrency < 1:
        raise WorkerError(f"concurrency must be 1 or more, not {concurrency}")
    ensure_queue_schema(url)
    _warm_up(app)
    job_app = make_job_app(url, pool_size=min(12, concurrency + 4))
    polls = PollThread(app)
    polls.start()
    try:
        async with job_app.open_async():
            await _serve(job_app, app, polls, concurrency=concurrency, stop=stop,
                         heartbeat_s=heartbeat_s, name=name, upkeep=upkeep)
    finally:
        await asyncio.to_thread(polls.stop)


async def _serve(
    job_app: procrastinate.App, app: App, polls: PollThread, *, concurrency: int,
    stop: asyncio.Event, heartbeat_s: float, name: str | None, upkeep: Upkeep | None,
) -> None:
    options: dict[str, Any] = {
        "install_signal_handlers": False,
        "additional_context": {"newsdesk": app, "polls": polls, "upkeep": upkeep,
                               "stall_s": heartbeat_s * STALL_HEARTBEATS},
        "update_heartbeat_interval": heartbeat_s,
        "stalled_worker_timeout": heartbeat_s * STALL_HEARTBEATS,
        "delete_jobs": "successful",
        "shutdown_graceful_timeout": GRACE_S,
        "fetch_job_polling_interval": 1.0,
    }
    workers = [
        asyncio.create_task(job_app.run_worker_async(
            name=name, queues=[POLL_QUEUE], concurrency=concurrency, **options)),
        asyncio.create_task(job_app.run_worker_async(
            name=f"{name or 'worker'}-upkeep", queues=[UPKEEP_QUEUE], concurrency=1,
            **options)),
    ]
    await _until_stopped(workers, stop)


def _warm_up(app: App) -> None:
    """Load what the first job would otherwise load while holding the event loop (the story
    index, learned words, the word costs of text repair), before heartbeats start."""
    _ = app.poller, app.desk, app.learned.vocabulary
    repair.damage_score("The desk warms up its word list before the first poll.")


async def _until_stopped(workers: list[asyncio.Task[None]], stop: asyncio.Event) -> None:
    """Wait for ``stop`` (or a worker ending on its own), then stop every worker gracefully."""
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({*workers, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    for worker in workers:
        if not worker.done():
            worker.cancel()  # procrastinate turns this into a graceful stop
    results = await asyncio.gather(*workers, return_exceptions=True)
    for result in results:
        if isinstance(result, asyncio.CancelledError) and stop.is_set():
            continue
        if isinstance(result, BaseException):
            raise result


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python -m newsdesk.jobs.worker --db URL [--concurrency N]``."""
    parser = argparse.ArgumentParser(prog="python -m newsdesk.jobs.worker")
    parser.add_argument("--db", help="postgresql:// URL (default: NEWSDESK_DB)")
    parser.add_argument("--concurrency", type=int, default=8, help="polls at once (8)")
    parser.add_argument("--heartbeat", type=float, default=10.0, help="seconds (10)")
    parser.add_argument("--name", default=None, help="worker name in logs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    try:
        app = App.open(load_config(db=args.db))
    except StoreError as exc:
        print(f"newsdesk worker: {exc}", file=sys.stderr)
        return 1
    try:
        asyncio.run(_until_signalled(app, args))
    except (WorkerError, StoreError) as exc:
        print(f"newsdesk worker: {exc}", file=sys.stderr)
        return 1
    finally:
        app.close()
    return 0


async def _until_signalled(app: App, args: argparse.Namespace) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run_worker(app, concurrency=args.concurrency, stop=stop, heartbeat_s=args.heartbeat,
                     name=args.name)


if __name__ == "__main__":
    sys.exit(main())
