"""The hostile-input probes that cost time and memory, measured on this machine.

1. A feed of 250,000 linked items (~8.6 MB), served from 127.0.0.1 with tiny article pages:
   `newsdesk poll --once` with the default settings, and with the feed size limit raised so
   the per-poll item limit is what bounds it.
2. `newsdesk repair` of one line of N MB (glued words, no spaces at all).

Each run is a real `newsdesk` process; wall time and its peak memory (max RSS) are printed as
a Markdown table. Run it against another checkout (the baseline) with PYTHONPATH=that/src.

    .venv/bin/python bench/hostile/run.py [--items 250000] [--repair-mb 0.9 3 20] [--timeout 300]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from aiohttp import web

NEWSDESK = [sys.executable, "-m", "newsdesk.cli"]


def serve_feed(items: int) -> tuple[str, int]:
    """A feed of ``items`` links and tiny pages, on 127.0.0.1 in a thread; (url, feed bytes)."""
    import asyncio

    started = threading.Event()
    where: dict[str, object] = {}
    page = ("<html><head><title>Notice {n}</title></head><body><article><h1>Notice {n}</h1>"
            "<p>The harbour office changed the timetable of berth {n} on Monday.</p>"
            "</article></body></html>")

    async def article(request: web.Request) -> web.Response:
        return web.Response(text=page.format(n=request.match_info["n"]), content_type="text/html")

    async def serve() -> None:
        app = web.Application()
        runner = web.AppRunner(app)
        feed: list[bytes] = []
        app.router.add_get("/feed.xml", lambda _r: web.Response(
            body=feed[0], content_type="application/rss+xml"))
        app.router.add_get("/n/{n}", article)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        links = "".join(f"<item><link>/n/{n}</link></item>" for n in range(items))
        feed.append(f"<rss version='2.0'><channel><title>Flood</title>{links}</channel></rss>"
                    .encode())
        where.update(url=f"{base}/feed.xml", size=len(feed[0]))
        started.set()
        await asyncio.Event().wait()

    threading.Thread(target=lambda: asyncio.run(serve()), daemon=True).start()
    started.wait(60)
    return str(where["url"]), int(where["size"])  # type: ignore[call-overload]


def measure(args: list[str], env: dict[str, str], timeout: float, stdin: bytes = b""
            ) -> tuple[str, str, str]:
    """(seconds, peak MB, outcome) of one newsdesk process; killed at ``timeout``."""
    with tempfile.TemporaryFile() as given, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:
        given.write(stdin)
        given.seek(0)
        started = time.monotonic()
        proc = subprocess.Popen([*NEWSDESK, *args], env={**os.environ, **env}, stdin=given,
                                stdout=out, stderr=err, start_new_session=True)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        killer.cancel()
        with contextlib.suppress(ProcessLookupError):  # children it left behind, if any
            os.killpg(proc.pid, signal.SIGKILL)
        took = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        said = (out.read().decode(errors="replace").strip().splitlines() or [""])[-1][:90]
        if proc.returncode:
            said = f"exit {proc.returncode}: " + err.read().decode(errors="replace").strip()[:90]
    if took >= timeout:
        return f"> {timeout:.0f} (killed)", f"{usage.ru_maxrss / 1024:.0f}", "still running"
    return f"{took:.1f}", f"{usage.ru_maxrss / 1024:.0f}", said.replace("|", "/")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=250_000)
    parser.add_argument("--repair-mb", type=float, nargs="*", default=[0.9, 3.0, 20.0])
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    url, size = serve_feed(args.items)
    rows = []
    for label, extra in (("default settings", {}),
                         ("NEWSDESK_MAX_FEED_BYTES=20000000", {"NEWSDESK_MAX_FEED_BYTES":
                                                               "20000000"})):
        with tempfile.TemporaryDirectory() as tmp:
            env = {"NEWSDESK_ALLOW_PRIVATE": "1", "NEWSDESK_DATA_DIR": tmp, "NEWSDESK_DB": "",
                   **extra}
            db = str(Path(tmp) / "desk.db")
            subprocess.run([*NEWSDESK, "--db", db, "sources", "add", url, "--kind", "feed"],
                           env={**os.environ, **env}, check=True, capture_output=True)
            rows.append((f"poll --once, {args.items:,} linked items ({size / 1e6:.1f} MB),"
                         f" {label}", *measure(["--db", db, "poll", "--once"], env,
                                               args.timeout)))
    for megabytes in args.repair_mb:
        line = ("thecabinetapprovedthenewbudget" * int(megabytes * 1e6 / 30) + "\n").encode()
        rows.append((f"repair, one line of {megabytes:g} MB",
                     *measure(["repair"], {"NEWSDESK_DB": "/nonexistent/none.db"},
                              args.timeout, stdin=line)))
    print("| probe | seconds | peak MB | outcome |\n|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
