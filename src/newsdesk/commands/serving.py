"""`newsdesk serve`, `run`, `worker` and `demo`: the long-running commands."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from newsdesk.commands._common import CommandError, opened
from newsdesk.commands.pipeline import poll_line
from newsdesk.config import Config


async def worker(config: Config, args: argparse.Namespace) -> int:
    from newsdesk.jobs.worker import WorkerError, run_worker

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    with opened(config) as app:
        try:
            await run_worker(app, concurrency=args.concurrency, stop=stop, name=args.name)
        except WorkerError as exc:
            raise CommandError(str(exc), exit_code=2) from exc
    return 0


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
