"""`newsdesk serve`, `run`, `worker` and `demo`: the long-running commands."""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import signal
import sys
from typing import Any

from newsdesk.commands._common import CommandError, opened
from newsdesk.commands.pipeline import poll_line
from newsdesk.config import Config
from newsdesk.ops.retention import worker_upkeep

log = logging.getLogger(__name__)


async def worker(config: Config, args: argparse.Namespace) -> int:
    from newsdesk.jobs.worker import WorkerError, run_worker

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    endpoint = _worker_endpoint(config)
    try:
        with opened(config) as app:
            upkeep = functools.partial(worker_upkeep, app.store, config.retention)
            try:
                await run_worker(app, concurrency=args.concurrency, stop=stop, name=args.name,
                                 upkeep=upkeep if config.retention.every_hours > 0 else None)
            except WorkerError as exc:
                raise CommandError(str(exc), exit_code=2) from exc
    finally:
        if endpoint is not None:
            endpoint.shutdown()
    return 0


def _worker_endpoint(config: Config) -> Any:
    """With `metrics.port` set, this worker's /metrics and /healthz on that port."""
    if not config.metrics_port:
        return None
    from newsdesk.ops.http import start_worker_endpoint

    try:
        endpoint = start_worker_endpoint(config.metrics_host, config.metrics_port)
    except OSError as exc:
        raise CommandError(f"cannot serve metrics on {config.metrics_host}:"
                           f"{config.metrics_port}: {exc.strerror}; choose another"
                           " --metrics-port") from exc
    log.info("metrics on http://%s:%s/metrics", config.metrics_host, config.metrics_port)
    return endpoint


async def serve(config: Config, args: argparse.Namespace) -> int:
    from newsdesk.serving import ServeError, serve_and_poll

    with opened(config) as app:
        try:
            await serve_and_poll(app, host=args.host, port=args.port,
                                 poll=args.command == "run", progress=poll_line(config),
                                 on_started=lambda url: _started(url, config))
        except ServeError as exc:
            raise CommandError(str(exc)) from exc
    return 0


def _started(url: str, config: Config) -> None:
    print(f"Serving on {url}", flush=True)
    if config.read_token:
        print("NEWSDESK_READ_TOKEN guards /api and /feeds; the HTML site stays public"
              " (docs/security.md)", file=sys.stderr, flush=True)


async def demo(config: Config, args: argparse.Namespace) -> int:
    from newsdesk.demo_run import run_demo
    from newsdesk.serving import ServeError

    try:
        await run_demo(config, host=args.host, port=args.port, publish_every=args.publish_every)
    except ServeError as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        raise CommandError(f"{exc}; try another --port") from exc
    return 0
