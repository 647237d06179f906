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
from collections.abc import Sequence

from newsdesk.app import App
from newsdesk.config import load_config
from newsdesk.jobs.queue import make_job_app
from newsdesk.jobs.queue_schema import ensure_queue_schema
from newsdesk.store import StoreError

log = logging.getLogger(__name__)

GRACE_S = 30.0  # how long a stopping worker lets running polls finish before aborting them
STALL_HEARTBEATS = 3  # a worker silent for this many heartbeats is taken for dead


class WorkerError(Exception):
    """A worker cannot run: the message says what to change."""


async def run_worker(
    app: App, *, concurrency: int, stop: asyncio.Event, heartbeat_s: float = 10.0,
    name: str | None = None,
) -> None:
    """Poll sources from the job queue of ``app``'s PostgreSQL store until ``stop`` is set.

    Creates the queue's tables on first use. Raises `WorkerError` for a SQLite store or a
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
    _ = app.desk  # load the story index before the first job, not inside it
    job_app = make_job_app(url, pool_size=min(10, concurrency + 3))
    async with app.fetcher() as fetcher, job_app.open_async():
        worker = asyncio.create_task(job_app.run_worker_async(
            name=name, concurrency=concurrency, install_signal_handlers=False,
            additional_context={"newsdesk": app, "fetcher": fetcher,
                                "stall_s": heartbeat_s * STALL_HEARTBEATS},
            update_heartbeat_interval=heartbeat_s,
            stalled_worker_timeout=heartbeat_s * STALL_HEARTBEATS,
            delete_jobs="successful", shutdown_graceful_timeout=GRACE_S,
            fetch_job_polling_interval=1.0,
        ))
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({worker, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not worker.done():
            worker.cancel()  # procrastinate turns this into a graceful stop
        try:
            await worker
        except asyncio.CancelledError:
            if not stop.is_set():
                raise


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
