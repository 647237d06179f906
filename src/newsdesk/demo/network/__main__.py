"""Serve the sample network alone: ``python -m newsdesk.demo.network --port 8701``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from newsdesk.demo import DemoError, SampleNetwork


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m newsdesk.demo.network",
        description="Serve newsdesk's invented sample news network on this machine.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8701, help="port to bind, 0 for any (8701)")
    parser.add_argument(
        "--interval", type=float, default=20.0, help="seconds between held-back stories (20)"
    )
    parser.add_argument(
        "--seed-count",
        type=int,
        default=None,
        help="stories already out at start (default: all but 3)",
    )
    return parser.parse_args(argv)


async def _serve(args: argparse.Namespace) -> None:
    network = SampleNetwork(host=args.host, port=args.port, seed_count=args.seed_count)
    await network.start()
    try:
        print(f"Sample news network at {network.base_url}/", flush=True)
        for source in network.sources:
            print(f"  {source.kind:8} {source.name}: {source.url}", flush=True)
        while True:
            await asyncio.sleep(max(args.interval, 0.1))
            if network.pending() and await network.publish_next():
                print(f"Published a held-back story; {network.pending()} left.", flush=True)
    finally:
        await network.stop()


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve(args))
    except DemoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
