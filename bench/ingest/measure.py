"""The throughput measurements, each run in a fresh child process so its peak RSS is its own.

- `newsdesk_cycles`: the real `App` on a fresh SQLite store, two full poll cycles
  (``app.poller.poll_due(fetcher, everything=True)``, as ``newsdesk poll --once`` does),
  with the first cycle's time per stage (`bench.ingest.stages`) and the CPU time of the
  process's worker processes (extraction, see ``NEWSDESK_EXTRACT_WORKERS``);
- `plain_loop`: the baseline, feedparser + urllib + trafilatura, one request at a time.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import json
import multiprocessing as mp
import os
import pstats
import resource
import sqlite3
import time
import traceback
import urllib.request
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bench.ingest import stages

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy


def in_child(function: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run ``function(*args)`` in a fresh spawned process and return its result."""
    context = mp.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(function, args, send))
    process.start()
    send.close()
    try:
        outcome = receive.recv()
    except EOFError:
        outcome = {"error": f"the child process died (exit code {process.exitcode})"}
    process.join()
    if "error" in outcome:
        raise RuntimeError(outcome["error"])
    return outcome


def _child(function: Callable[..., dict[str, Any]], args: tuple[Any, ...],
           send: Connection) -> None:
    try:
        send.send(function(*args))
    except Exception:
        send.send({"error": traceback.format_exc()})


def peak_rss_mb() -> float:
    """This process's peak resident set size so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def control(base: str, action: str, method: str = "GET") -> dict[str, Any]:
    """Call the fixture network's control endpoint."""
    request = urllib.request.Request(f"{base}/{action}", method=method)
    with _OPENER.open(request, timeout=30) as response:
        return json.loads(response.read())


def newsdesk_cycles(
    feed_urls: list[str], control_url: str, workdir: str, env: dict[str, str], profile: bool,
    lead_images: bool = True, warm: bool = False,
) -> dict[str, Any]:
    """Two full poll cycles of a fresh newsdesk over ``feed_urls``; the second on the same,
    unchanged network (conditional requests only). Without ``lead_images`` the poller skips
    its lead-image round after each poll (for pages whose pictures are on the real web).
    ``warm``: first ingest the network once, untimed, into a throwaway store, so the process
    is as a long-running one is (language models and word lists loaded); the measured store
    is still fresh, and so are its workers' (the warm-up's stage pool is kept for it)."""
    os.environ.update(env)
    pool = None
    if warm:
        warm_dir = Path(workdir) / "warm-up"
        warm_dir.mkdir()
        app = _fresh_app(feed_urls, warm_dir, lead_images)
        asyncio.run(_cycle(app))
        pool = app.__dict__.pop("stage_pool", None)  # kept open: App.close closes its own
        app.close()
    db = Path(workdir) / "newsdesk.db"
    app = _fresh_app(feed_urls, Path(workdir), lead_images, pool)
    startup_rss = peak_rss_mb()
    control(control_url, "reset", "POST")
    profiler = cProfile.Profile() if profile else None
    stages_before, workers_before = stages.snapshot(), children_cpu_s()
    first = _timed_cycle(app, profiler)
    first["workers_cpu_s"] = children_cpu_s() - workers_before
    first["stages"] = stages.since(stages_before, stages.snapshot())
    first["requests"] = control(control_url, "stats")
    first["peak_rss_mb"] = peak_rss_mb()
    control(control_url, "reset", "POST")
    second = _timed_cycle(app, None)
    second["requests"] = control(control_url, "stats")
    result = {
        "first": first, "second": second, "startup_rss_mb": startup_rss,
        "articles": app.store.count_articles(), "stories": _count(db, "stories"),
        "peak_rss_mb": peak_rss_mb(), "db_mb": _size_mb(db),
        "workers_peak_rss_mb": children_peak_rss_mb(),
    }
    app.close()
    if profiler is not None:
        result["profile"] = _top_lines(profiler)
    return result


def _fresh_app(feed_urls: list[str], workdir: Path, lead_images: bool, pool: Any = None) -> Any:
    """The real `App` on a new SQLite store in ``workdir``, following ``feed_urls``;
    ``pool``: a stage pool whose workers are warm already, used instead of a new one."""
    from newsdesk.app import App
    from newsdesk.config import load_config
    from newsdesk.store import NewSource

    config = load_config(db=str(workdir / "newsdesk.db"), data_dir=str(workdir))
    app = App.open(config)
    if pool is not None:
        app.stage_pool = pool  # before the pipeline is built with it
    app.store.add_sources(
        [NewSource(url, f"outlet {n}", "feed") for n, url in enumerate(feed_urls)],
        interval_s=config.poll.default_interval_s,
    )
    _ = app.poller, app.desk  # built at start-up, before the clock starts
    if not lead_images:
        app.poller.images = None
    return app


async def _cycle(app: Any) -> list[Any]:
    async with app.fetcher() as fetcher:
        return await app.poller.poll_due(fetcher, everything=True)


def _timed_cycle(app: Any, profiler: cProfile.Profile | None) -> dict[str, Any]:
    cpu = time.process_time()
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    outcomes = asyncio.run(_cycle(app))
    if profiler is not None:
        profiler.disable()
    wall = time.perf_counter() - started
    reports = [o.report for o in outcomes if o.report]
    return {
        "wall_s": wall,
        "cpu_s": time.process_time() - cpu,
        "sources": len(outcomes),
        "failed_sources": sum(1 for o in outcomes if o.error),
        "first_errors": [o.error for o in outcomes if o.error][:3],
        "items": sum(r.items for r in reports),
        "new_articles": sum(r.new_articles for r in reports),
        "item_errors": sum(len(r.item_errors) for r in reports),
        "not_modified": sum(1 for r in reports if r.not_modified),
    }


def children_cpu_s() -> float:
    """CPU seconds (user + system) of this process's live child processes, from /proc: the
    stage pool's workers, whose CPU ``time.process_time`` does not see."""
    ticks = 0
    for stat in _children("stat"):
        fields = stat.rpartition(")")[2].split()  # after the name, which may hold spaces
        ticks += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15
    return ticks / os.sysconf("SC_CLK_TCK")


def children_peak_rss_mb() -> list[float]:
    """The peak resident set size (VmHWM) of each live child process, in MiB."""
    peaks = []
    for status in _children("status"):
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def _children(name: str) -> list[str]:
    """``/proc/<pid>/<name>`` of each live child of this process."""
    me, found = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rpartition(")")[2].split()[1]) == me:  # the parent's pid
                found.append(stat if name == "stat" else (entry / name).read_text())
        except OSError:
            continue  # ended meanwhile
    return found


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _size_mb(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.iterdir() if p.is_file()) / 2**20


def _top_lines(profiler: cProfile.Profile, lines: int = 30) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    if os.environ.get("BENCH_PROFILE_DUMP"):  # for pstats callers/callees afterwards
        stats.dump_stats(os.environ["BENCH_PROFILE_DUMP"])
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def plain_loop(feed_urls: list[str], control_url: str, warm: bool = False) -> dict[str, Any]:
    """The baseline: each feed, then each of its article pages, fetched one at a time with
    urllib, parsed with feedparser and extracted with trafilatura; nothing stored.
    ``warm``: run the loop once, untimed, first (as ``newsdesk_cycles`` does)."""
    if warm:
        _plain_loop(feed_urls, control_url)
    return _plain_loop(feed_urls, control_url)


def _plain_loop(feed_urls: list[str], control_url: str) -> dict[str, Any]:
    import feedparser
    import trafilatura

    control(control_url, "reset", "POST")
    cpu = time.process_time()
    started = time.perf_counter()
    items = extracted = failures = 0
    for url in feed_urls:
        with _OPENER.open(url, timeout=30) as response:
            parsed = feedparser.parse(response.read())
        for entry in parsed.entries:
            items += 1
            try:
                with _OPENER.open(entry.link, timeout=30) as response:
                    html = response.read()
            except OSError:
                failures += 1
                continue
            extracted += trafilatura.extract(html, url=entry.link) is not None
    return {
        "wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu,
        "items": items, "extracted": extracted, "failures": failures,
        "peak_rss_mb": peak_rss_mb(), "requests": control(control_url, "stats"),
    }
