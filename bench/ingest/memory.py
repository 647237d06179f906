"""Memory over a long ingest: invented articles straight through the real pipeline.

    .venv/bin/python bench/ingest/memory.py [--articles 200000] [--quick] [--trace] [--workers 1]

A fresh SQLite `App` (as `measure.newsdesk_cycles` opens it, with the command line and the
site's web app loaded and built as `newsdesk run` holds them) takes N invented articles
through ``app.pipeline.process`` (repair, store, learned words, story placement), with
``flush_learned`` every 100 articles as a poll does, and the learned site chrome read and
counted as extraction does. Fetching and extraction themselves are left out: they cost time,
not lasting memory. Articles come ~3,000 a day over many days, as a real network publishes,
from ``corpus.py``'s generators (one in twelve a copy of another outlet's story); every
``--backfill-every`` articles a newly followed feed brings its backlog, 50 items newest first
over the 20 days before (late articles, 1% of all). Every 10,000 articles it samples the
resident set (``VmRSS``), its peak (``ru_maxrss``), the proportional set of all processes
(``Pss``: shared pages counted once), what the C allocator has handed out and holds free
(glibc's ``mallinfo2``: what a resident set counts and tracemalloc does not), the story
index's size, the learned
vocabulary and sites; at the end it opens the store again in a fresh process (a restart) and
measures that. ``--workers 1`` runs it as ``newsdesk run`` does on more than one core: repair
and word counting in a stage-pool worker process (and signing, from
``pipeline.SIGNING_WORKERS`` workers on; ``Pipeline.process_in_pool``, a poll's 100 articles
at a time), and samples the workers' memory too. ``--trace`` adds
tracemalloc's top allocation sites at each sample (Python allocations only: Rust's, such as
rensa's LSH tables before they were replaced, do not show there). Prints a Markdown table;
progress goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import gc
import json
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

SEED = 19
FLUSH_EVERY = 100  # articles per "poll": learned counts are written and cleared this often
BACKLOG = 50  # items a newly followed feed lists...
BACKLOG_DAYS = timedelta(days=20)  # ...published over this many days before


@dataclass(frozen=True, slots=True)
class Plan:
    articles: int
    outlets: int
    per_day: int
    backfill_every: int
    sample_every: int
    workers: int = 0


def main() -> None:
    from bench.ingest.measure import in_child

    args = _arguments()
    plan = Plan(args.articles, args.outlets, args.per_day, args.backfill_every,
                args.sample_every, args.workers)
    with tempfile.TemporaryDirectory(prefix="newsdesk-memory-") as workdir:
        result = ingest(plan, workdir, trace=args.trace)
        _say("restart: a fresh process opens the same store ...")
        result["restart"] = in_child(restart, workdir)
    result["machine"] = {"python": platform.python_version(), "cores": _cores()}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, default=str))
    print(report(plan, result))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true",
                        help="20,000 articles, sampled every 2,000")
    parser.add_argument("--outlets", type=int, default=2000)
    parser.add_argument("--per-day", type=int, default=3000, help="articles published a day")
    parser.add_argument("--backfill-every", type=int, default=5000,
                        help="articles between two backlogs of 50 late items")
    parser.add_argument("--sample-every", type=int, default=10_000)
    parser.add_argument("--trace", action="store_true",
                        help="tracemalloc: top allocation sites at each sample (slow)")
    parser.add_argument("--workers", type=int, default=0,
                        help="stage-pool worker processes (0: everything in this one)")
    parser.add_argument("--json", metavar="FILE", help="also write the raw results here")
    args = parser.parse_args()
    if args.quick:
        args.articles, args.sample_every = 20_000, 2_000
    return args


def invented(plan: Plan) -> Iterator[tuple[int, Any, Any]]:
    """(outlet, article, feed item) for each article, in the order a network publishes them."""
    from bench.ingest.corpus import BASE_TIME, outlet_name, story_for

    from newsdesk.records import Article, SourceItem

    step = timedelta(days=1) / plan.per_day
    start = BASE_TIME - step * plan.articles  # the run ends at the corpus's base time
    for n in range(plan.articles):
        outlet, item = n % plan.outlets, n // plan.outlets
        published = start + step * n
        back = n % plan.backfill_every
        if n >= plan.backfill_every and back < BACKLOG:  # a new feed's backlog, newest first
            published -= BACKLOG_DAYS * (back + 1) / BACKLOG
        story = story_for(SEED, plan.outlets, outlet, item)
        url = f"https://outlet{outlet}.example/{item}"
        article = Article(
            url=url, title=story.title, summary=story.standfirst,
            text="\n\n".join(story.paragraphs), authors=[story.author], published=published,
            language="en", publisher=outlet_name(outlet), tags=[story.section],
        )
        yield outlet, article, SourceItem(url=url, guid=url, title=story.title,
                                          summary=story.standfirst, published=published)


def ingest(plan: Plan, workdir: str, *, trace: bool) -> dict[str, Any]:
    from bench.ingest.corpus import outlet_name

    # what `newsdesk run` loads besides: the command line and the server
    import newsdesk.cli
    import newsdesk.serving  # noqa: F401
    from newsdesk.app import App
    from newsdesk.config import load_config
    from newsdesk.desk import add_desk
    from newsdesk.publish import create_web_app
    from newsdesk.store import NewSource

    samples: list[dict[str, Any]] = []
    baseline = _memory()
    app = App.open(load_config(db=str(Path(workdir) / "newsdesk.db"), data_dir=workdir,
                               environ={"NEWSDESK_EXTRACT_WORKERS": str(plan.workers)}))
    web = create_web_app(app.store, site=app.config.site)  # as `newsdesk run` holds it
    add_desk(web, app)
    app.store.add_sources(
        [NewSource(f"https://outlet{n}.example/feed", outlet_name(n), "feed")
         for n in range(plan.outlets)], interval_s=3600)
    sources = {s.id: s for s in app.store.list_sources()}
    by_outlet = [sources[i] for i in sorted(sources)]
    pipeline = app.pipeline  # builds the learned vocabulary and the story desk
    startup = _memory()
    if trace:
        tracemalloc.start(1)
    first: tracemalloc.Snapshot | None = None  # at the first sample: models loaded by then
    started = last = time.perf_counter()
    loop = asyncio.new_event_loop()
    poll: list[Any] = []
    for n, (outlet, article, item) in enumerate(invented(plan), start=1):
        source = by_outlet[outlet]
        pipeline.learned.chrome_for(source.name)  # what extraction does
        pipeline.learned.observe_page(source.name, article)
        if plan.workers:
            poll.append(pipeline.process_in_pool(article, source=source, item=item))
        else:
            pipeline.process(article, source=source, item=item)
        if n % FLUSH_EVERY == 0:
            loop.run_until_complete(_together(poll))  # a poll's items, concurrently
            poll = []
            pipeline.flush_learned()
        if n % plan.sample_every == 0:
            now = time.perf_counter()
            samples.append(_sample(app, n, (now - last) / plan.sample_every))
            last = now
            _say(f"{n:,}: {samples[-1]}")
            if trace and first is None:
                gc.collect()
                first = tracemalloc.take_snapshot()
            elif first is not None:
                samples[-1]["top"] = _top(first)
    loop.run_until_complete(_together(poll))
    loop.close()
    pipeline.flush_learned()
    wall = time.perf_counter() - started
    tracemalloc.stop()
    stories = app.store.count_stories() if hasattr(app.store, "count_stories") else None
    app.close()
    del web
    return {"baseline": baseline, "startup": startup, "samples": samples, "wall_s": wall,
            "stories": stories}


async def _together(calls: list[Any]) -> None:
    await asyncio.gather(*calls)


def _sample(app: Any, articles: int, seconds_each: float) -> dict[str, Any]:
    gc.collect()
    index = app.desk.index
    held = index.footprint() if hasattr(index, "footprint") else {}
    return {
        "articles": articles, **_memory(), **_workers_memory(),
        "index": len(index), "sites": len(getattr(index, "_sites", {})),
        "days": held.get("days"), "visited": held.get("visited_days"),
        "vocabulary": len(app.learned.vocabulary), "lexicons": _lexicons(),
        "ms_each": seconds_each * 1000,
    }


def _lexicons() -> int:
    """Languages whose repair lexicon (a wordfreq list as a word table) is loaded."""
    from newsdesk.repair.lexicon import held_lexicons

    return len(held_lexicons())


def _top(first: tracemalloc.Snapshot, lines: int = 12) -> list[str]:
    """The allocation sites that grew most since ``first``."""
    gc.collect()
    stats = tracemalloc.take_snapshot().compare_to(first, "lineno")
    return [f"{s.size_diff / 2**20:8.1f} MiB {s.count_diff:>9,} blocks "
            f"{s.traceback[0].filename.rsplit('/src/', 1)[-1]}:{s.traceback[0].lineno}"
            for s in stats[:lines]]


def restart(workdir: str) -> dict[str, Any]:
    """Open the store the ingest left, as a restarted runner does; what that costs."""
    from newsdesk.app import App
    from newsdesk.config import load_config

    before = _memory()
    started = time.perf_counter()
    app = App.open(load_config(db=str(Path(workdir) / "newsdesk.db"), data_dir=workdir))
    _ = app.pipeline  # vocabulary and story index loaded
    seconds = time.perf_counter() - started
    gc.collect()
    result = {"before": before, "after": _memory(), "seconds": seconds,
              "index": len(app.desk.index), "vocabulary": len(app.learned.vocabulary)}
    app.close()
    return result


def _memory() -> dict[str, float]:
    """The resident set now, its peak so far, and the proportional set, in MiB."""
    status = Path("/proc/self/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {"rss_mb": int(fields["VmRSS"].split()[0]) / 1024,
            "hwm_mb": int(fields["VmHWM"].split()[0]) / 1024,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "pss_mb": _pss("self"), **_malloc()}


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


def _malloc() -> dict[str, float]:
    """What the C allocator (glibc's, all arenas) has handed out and holds free, in MiB:
    memory outside Python's own small-object arenas (large strings and bytes, NumPy, SQLite,
    rensa) and the allocator's free space, which a resident set counts but tracemalloc does
    not. Zeros where the C library has no ``mallinfo2`` (not glibc 2.33+)."""
    try:
        mallinfo2 = ctypes.CDLL(None).mallinfo2
    except (OSError, AttributeError):
        return {"malloc_used_mb": 0.0, "malloc_free_mb": 0.0}
    mallinfo2.restype = _Mallinfo2
    info = mallinfo2()
    return {"malloc_used_mb": (info.uordblks + info.hblkhd) / 2**20,
            "malloc_free_mb": info.fordblks / 2**20}


def _pss(pid: str) -> float:
    """The proportional set size of process ``pid`` in MiB: its resident pages, each shared
    page divided among the processes sharing it (libraries, the mapped language model), so
    the PSS of a main process and its workers add up to what they hold together; their
    RSS double-counts every shared page."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    found = [line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")]
    return int(found[0]) / 1024 if found else 0.0  # a kernel without it: counted as none


def _workers_memory() -> dict[str, float]:
    """The resident sets of this process's children (stage-pool workers, multiprocessing's
    resource tracker) and the sum of their peaks, in MiB."""
    rss = peak = 0
    pss = 0.0
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue  # ended meanwhile
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            rss += int(fields["VmRSS"].split()[0])
            peak += int(fields["VmHWM"].split()[0])
            pss += _pss(pid)
    return {"workers_rss_mb": rss / 1024, "workers_hwm_mb": peak / 1024,
            "workers_pss_mb": pss}


def report(plan: Plan, result: dict[str, Any]) -> str:
    days = plan.articles / plan.per_day
    lines = [
        f"{plan.articles:,} articles from {plan.outlets:,} outlets, {plan.per_day:,} a day"
        f" ({days:.0f} days), a backlog of {BACKLOG} items over {BACKLOG_DAYS.days} days every"
        f" {plan.backfill_every:,} articles; learned counts"
        f" flushed every {FLUSH_EVERY}; {_where(plan)}. Python {result['machine']['python']},"
        f" {result['machine']['cores']} cores; whole ingest {result['wall_s'] / 60:.1f} min.",
        "",
        f"Before the app: {result['baseline']['rss_mb']:.0f} MiB; after start-up (store,"
        f" vocabulary, story desk): {result['startup']['rss_mb']:.0f} MiB.",
        "",
        "| articles | RSS (MiB) | peak RSS (MiB) | workers: RSS (peak) | PSS, all processes"
        " | story index entries | days held (visited) | sites remembered | vocabulary words"
        " | repair lexicons here | malloc: in use / free | ms/article |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in result["samples"]:
        days = "-" if s.get("days") is None else f"{s['days']} ({s['visited']})"
        workers = (f"{s['workers_rss_mb']:.0f} ({s['workers_hwm_mb']:.0f})" if plan.workers
                   else "-")
        lines.append(
            f"| {s['articles']:,} | {s['rss_mb']:.0f} | {s['maxrss_mb']:.0f} | {workers}"
            f" | {s['pss_mb'] + s['workers_pss_mb']:.0f} | {s['index']:,} | {days}"
            f" | {s['sites']:,} | {s['vocabulary']:,} | {s['lexicons']}"
            f" | {s.get('malloc_used_mb', 0):.0f} / {s.get('malloc_free_mb', 0):.0f}"
            f" | {s['ms_each']:.1f} |")
    again = result["restart"]
    lines += [
        "",
        f"Restart (a fresh process opening the store): {again['seconds']:.1f} s, RSS"
        f" {again['before']['rss_mb']:.0f} -> {again['after']['rss_mb']:.0f} MiB"
        f" (peak {again['after']['hwm_mb']:.0f}), story index {again['index']:,} entries,"
        f" vocabulary {again['vocabulary']:,} words.",
    ]
    traced = [s for s in result["samples"] if "top" in s]
    if traced:
        lines += ["", "Growth by allocation site since the first sample (tracemalloc, Python"
                  f" only), at {traced[-1]['articles']:,} articles:", "", "```", *traced[-1]["top"],
                  "```"]
    return "\n".join(lines)


def _where(plan: Plan) -> str:
    if not plan.workers:
        return "everything in one process"
    from newsdesk.pipeline import SIGNING_WORKERS

    signing = ", signing" if plan.workers >= SIGNING_WORKERS else ""
    return (f"repair, word counting{signing} in {plan.workers} stage-pool worker"
            f"{'s' if plan.workers > 1 else ''}")


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
