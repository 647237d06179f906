"""Fetcher throughput: N GETs at a given concurrency against a local aiohttp server.

    .venv/bin/python bench/fetch/run.py [--requests 2000] [--concurrency 100] [--sizes 1,100]

The server runs in its own process so it does not share the client's event loop; each
client run is a fresh process so its peak RSS is its own. Each row is the fastest of
``--repeat`` runs, because a shared box is noisy. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import resource
import time
from multiprocessing.connection import Connection

import aiohttp
from aiohttp import web

from newsdesk.fetch import Fetcher, FetchError, FetchSettings

PARAGRAPH = b"<p>The Solka ferry resumed service on Tuesday after the spring flood.</p>\n"


def _serve(port_out: Connection) -> None:
    async def page(request: web.Request) -> web.Response:
        size = int(request.query.get("kb", "1")) * 1024
        body = (PARAGRAPH * (size // len(PARAGRAPH) + 1))[:size]
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/{n}", page)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port_out.send(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(main())


async def _client(base: str, requests: int, concurrency: int, kb: int) -> tuple[float, int]:
    settings = FetchSettings(
        allow_private=True,  # the server is on 127.0.0.1
        respect_robots=False,
        per_host_concurrency=concurrency,  # one host here; real runs spread over many
        per_host_delay=0.0,
        total_concurrency=concurrency,
    )
    failures = 0
    queue = iter(range(requests))

    async def worker(fetcher: Fetcher) -> None:
        nonlocal failures
        for n in queue:
            try:
                await fetcher.fetch(f"{base}/{n}?kb={kb}")
            except FetchError:
                failures += 1

    async with Fetcher(settings) as fetcher:
        started = time.perf_counter()
        await asyncio.gather(*(worker(fetcher) for _ in range(concurrency)))
        return time.perf_counter() - started, failures


async def _plain_aiohttp(base: str, requests: int, concurrency: int, kb: int) -> tuple[float, int]:
    """The baseline: the same GETs through a bare aiohttp session, to show our overhead."""
    queue = iter(range(requests))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for n in queue:
                async with session.get(f"{base}/{n}?kb={kb}") as response:
                    await response.read()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, 0


CLIENTS = {"plain aiohttp": _plain_aiohttp, "Fetcher": _client}


def _client_process(
    name: str, base: str, requests: int, concurrency: int, kb: int, out: Connection
) -> None:
    elapsed, failures = asyncio.run(CLIENTS[name](base, requests, concurrency, kb))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    out.send((elapsed, failures, peak_mb))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--sizes", default="1,100", help="body sizes in KiB, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the best is shown")
    args = parser.parse_args()

    ctx = mp.get_context("spawn")
    port_in, port_out = ctx.Pipe(duplex=False)
    server = ctx.Process(target=_serve, args=(port_out,), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{port_in.recv()}"
    print(
        "| client | requests | concurrency | body | seconds | requests/s | failures "
        "| peak RSS (MiB) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    try:
        for kb in (int(s) for s in args.sizes.split(",")):
            for name in CLIENTS:
                runs = [_run_client(ctx, name, base, args, kb) for _ in range(args.repeat)]
                elapsed, failures, peak_mb = min(runs)
                print(
                    f"| {name} | {args.requests:,} | {args.concurrency} | {kb} KiB "
                    f"| {elapsed:.2f} | {args.requests / elapsed:,.0f} | {failures} "
                    f"| {peak_mb:.0f} |"
                )
    finally:
        server.terminate()
        server.join()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{os.cpu_count()} CPUs; load average after the run (1, 5, 15 min): {load}")


def _run_client(
    ctx: mp.context.SpawnContext, name: str, base: str, args: argparse.Namespace, kb: int
) -> tuple[float, int, float]:
    result_in, result_out = ctx.Pipe(duplex=False)
    client = ctx.Process(
        target=_client_process,
        args=(name, base, args.requests, args.concurrency, kb, result_out),
    )
    client.start()
    result = result_in.recv()
    client.join()
    return result


if __name__ == "__main__":
    main()
