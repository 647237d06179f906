"""Ingestion benchmark: newsdesk against news networks served from loopback hosts.

    .venv/bin/python bench/ingest/run.py [--feeds 2000] [--items 50] [--quick] [--real-pages]

Measures one full poll cycle of a fresh newsdesk (wall time, items/s, peak RSS, articles
stored, time per stage), a second cycle on the unchanged network (conditional requests),
the same work done by a plain feedparser + urllib + trafilatura loop, and the time from an
item appearing in a feed to being searchable and on the site while ``newsdesk run`` runs.
The network is invented (`bench.ingest.network`) and, with ``--real-pages``, also made of
real public pages (`bench.ingest.real_pages`). Prints Markdown tables; see docs/ingest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.ingest import stages
from bench.ingest.latency import SERIES, measure_latency, summary
from bench.ingest.measure import in_child, newsdesk_cycles, plain_loop
from bench.ingest.network import NetworkProcess, NetworkSpec
from bench.ingest.real_pages import RealPagesProcess, RealPagesSpec

FUNDUS_MIRROR = "/work/.mirror/flairNLP+fundus/repo"
READABILITY_MIRROR = "/work/.mirror/mozilla+readability/repo"
TARGET_S = 5.0  # issue #19: searchable and on the site within 5 s (p95) of the poll


def main() -> None:
    args = _arguments()
    env = {"NEWSDESK_ALLOW_PRIVATE": "1",
           "NEWSDESK_PER_HOST_CONCURRENCY": str(args.per_host_concurrency),
           "NEWSDESK_PER_HOST_DELAY": str(args.per_host_delay)}
    started = time.perf_counter()
    results: dict[str, Any] = {"env": env, "machine": _machine()}
    with tempfile.TemporaryDirectory(prefix="newsdesk-ingest-") as workdir:
        if not args.skip_invented:
            results["invented"] = _invented(args, env, _subdir(workdir, "invented"))
        if args.real_pages:
            results["real"] = _real(args, env, _subdir(workdir, "real"))
    results["machine"]["load_at_end"] = _load()
    results["total_s"] = time.perf_counter() - started
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    print(report(results))


def _subdir(workdir: str, name: str) -> Path:
    path = Path(workdir) / name
    path.mkdir()
    return path


def _invented(args: argparse.Namespace, env: dict[str, str], workdir: Path) -> dict[str, Any]:
    """The invented network: throughput cycles, baseline, latency run."""
    spec = NetworkSpec(feeds=args.feeds, items=args.items, hosts=args.hosts,
                       live_feeds=args.live_feeds)
    network = NetworkProcess(spec)
    section: dict[str, Any] = {"spec": network.describe()}
    try:
        feeds = [network.feed_url(n) for n in range(spec.feeds)]
        _say(f"newsdesk: {spec.feeds} feeds x {spec.items} items ...")
        section["newsdesk"] = in_child(newsdesk_cycles, feeds, network.control, str(workdir),
                                       env, args.profile, True, args.warm)
        if not args.skip_baseline:
            _say("baseline: feedparser + urllib + trafilatura, sequential ...")
            section["baseline"] = in_child(plain_loop, feeds, network.control, args.warm)
        if not args.skip_latency:
            _say(f"latency: newsdesk run, {args.probes} probes ...")
            section["latency"] = measure_latency(
                network, workdir, interval_s=args.interval, probes=args.probes,
                gap_s=args.gap, env=env)
    finally:
        network.stop()
    return section


def _real(args: argparse.Namespace, env: dict[str, str], workdir: Path) -> dict[str, Any]:
    """The real-page network: throughput cycles and baseline (no latency run)."""
    _say("real pages: reading the corpora ...")
    spec = RealPagesSpec(
        fundus=Path(args.fundus) if args.fundus else None,
        readability=Path(args.readability) if args.readability else None,
        readability_feeds=args.readability_feeds)
    network = RealPagesProcess(spec)
    section: dict[str, Any] = {"spec": network.describe(), "lead_images": args.real_images}
    for note in network.missing:
        _say(f"real pages: skipping a corpus: {note}")
    try:
        feeds = network.feed_urls
        if not feeds:
            return section
        _say(f"newsdesk: {len(feeds)} real-page feeds ...")
        section["newsdesk"] = in_child(newsdesk_cycles, feeds, network.control, str(workdir),
                                       env, args.profile, args.real_images, args.warm)
        if not args.skip_baseline:
            _say("baseline over the real pages ...")
            section["baseline"] = in_child(plain_loop, feeds, network.control, args.warm)
    finally:
        network.stop()
    return section


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--items", type=int, default=50, help="items per feed")
    parser.add_argument("--quick", action="store_true", help="100 feeds x 20 items, 6 probes")
    parser.add_argument("--hosts", type=int, default=50, help="loopback hosts 127.0.0.1-N")
    parser.add_argument("--per-host-concurrency", type=int, default=8)
    parser.add_argument("--per-host-delay", type=float, default=0.0)
    parser.add_argument("--live-feeds", type=int, default=10, help="feeds the latency run follows")
    parser.add_argument("--interval", type=float, default=5.0, help="polling interval, latency run")
    parser.add_argument("--probes", type=int, default=12, help="items published, latency run")
    parser.add_argument("--gap", type=float, default=1.7, help="seconds between probes")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--warm", action="store_true",
                        help="ingest each network once, untimed, before measuring (newsdesk"
                             " into a throwaway store): the state of a long-running process")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--real-pages", action="store_true",
                        help="also run over real public pages (fundus, readability corpora)")
    parser.add_argument("--skip-invented", action="store_true",
                        help="leave out the invented network (with --real-pages)")
    parser.add_argument("--fundus", default=FUNDUS_MIRROR, metavar="GIT_DIR",
                        help="flairNLP/fundus git mirror ('' to leave it out)")
    parser.add_argument("--readability", default=READABILITY_MIRROR, metavar="GIT_DIR",
                        help="mozilla/readability git mirror ('' to leave it out)")
    parser.add_argument("--readability-feeds", type=int, default=4,
                        help="outlets the readability test pages are dealt into")
    parser.add_argument("--real-images", action="store_true",
                        help="let newsdesk fetch the real pages' lead images (from the web)")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the first newsdesk cycle; top lines go to stderr")
    parser.add_argument("--json", metavar="FILE", help="also write the raw results here")
    args = parser.parse_args()
    if args.quick:
        args.feeds, args.items, args.probes = 100, 20, 6
    return args


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _machine() -> dict[str, Any]:
    memory = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    return {"cores": os.cpu_count(), "ram_gib": round(memory / 2**30, 1),
            "python": platform.python_version(), "system": platform.platform(terse=True),
            "cpu": _cpu_model(), "load_at_start": _load()}


def _load() -> str:
    """The 1-, 5- and 15-minute load averages: a shared box makes wall times noisy."""
    return " / ".join(f"{n:.1f}" for n in os.getloadavg())


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def report(results: dict[str, Any]) -> str:
    """The Markdown tables for ``results`` (the structure `main` builds)."""
    machine = results["machine"]
    lines = [
        f"Machine: {machine['cores']} cores ({machine['cpu']}), {machine['ram_gib']} GiB RAM, "
        f"Python {machine['python']}, {machine['system']}; load average (1/5/15 min)"
        f" {machine['load_at_start']} at start, {machine['load_at_end']} at end; whole run"
        f" {results['total_s'] / 60:.1f} min. Politeness"
        f" {results['env']['NEWSDESK_PER_HOST_CONCURRENCY']} requests at once per host,"
        f" {results['env']['NEWSDESK_PER_HOST_DELAY']} s apart.",
    ]
    if "invented" in results:
        lines += ["", *_invented_report(results["invented"])]
    if "real" in results:
        lines += ["", *_real_report(results["real"])]
    return "\n".join(lines)


def _invented_report(section: dict[str, Any]) -> list[str]:
    spec = section["spec"]
    lines = [f"### Invented network: {spec['feeds']} feeds x {spec['items']} items on"
             f" {spec['hosts']} loopback hosts", "", *_cycle_report(section)]
    if "latency" in section:
        lines += ["", *_latency_table(section["latency"])]
    return lines


def _real_report(section: dict[str, Any]) -> list[str]:
    spec = section["spec"]
    corpora = "; ".join(
        f"{name}: {c['pages']} pages in {c['outlets']} feeds ({c['bytes'] / 2**20:.0f} MiB)"
        for name, c in spec["corpora"].items())
    lines = [f"### Real pages: {corpora or 'no corpus found'}, on {spec['hosts']} loopback hosts"]
    for note in spec["missing"]:
        lines += ["", f"Skipped: {note}"]
    if "newsdesk" in section:
        lines += ["", "Lead images (on the real web): "
                  + ("fetched after each poll, as `newsdesk` does (--real-images)."
                     if section.get("lead_images") else
                     "not fetched, the poller's image round is switched off (--real-images"
                     " turns it on)."), "", *_cycle_report(section)]
    return lines


def _cycle_report(section: dict[str, Any]) -> list[str]:
    """The throughput table and the first cycle's stages."""
    first = section["newsdesk"]["first"]
    lines = _throughput_table(section)
    lines += ["", "Stages of the first newsdesk cycle (`newsdesk_stage_seconds`):", ""]
    lines += stages.table(first.get("stages", {}), first["cpu_s"], first.get("workers_cpu_s", 0.0))
    if "profile" in section["newsdesk"]:
        _say(section["newsdesk"]["profile"])
        lines.append("\n(The first newsdesk cycle ran under cProfile: its times are inflated.)")
    return lines


def _throughput_table(results: dict[str, Any]) -> list[str]:
    ours, base = results["newsdesk"], results.get("baseline")
    first, second = ours["first"], ours["second"]
    workers = first.get("workers_cpu_s", 0.0)
    rows = [
        ("first cycle: wall time", f"{first['wall_s']:.1f} s",
         f"{base['wall_s']:.1f} s" if base else "-"),
        ("first cycle: CPU time (this process)", f"{first['cpu_s']:.1f} s",
         f"{base['cpu_s']:.1f} s" if base else "-"),
        ("first cycle: CPU time of its worker processes", f"{workers:.1f} s", "-"),
        ("items / s (wall)", f"{first['new_articles'] / first['wall_s']:.1f}",
         f"{base['items'] / base['wall_s']:.1f}" if base else "-"),
        ("items / CPU-second (this process)", f"{first['new_articles'] / first['cpu_s']:.1f}",
         f"{base['items'] / base['cpu_s']:.1f}" if base else "-"),
        ("items / CPU-second (with workers)",
         f"{first['new_articles'] / (first['cpu_s'] + workers):.1f}",
         f"{base['items'] / base['cpu_s']:.1f}" if base else "-"),
        ("peak RSS", f"{ours['peak_rss_mb']:.0f} MiB (at start-up {ours['startup_rss_mb']:.0f})",
         f"{base['peak_rss_mb']:.0f} MiB" if base else "-"),
        ("peak RSS of its worker processes",
         ", ".join(f"{mb:.0f} MiB" for mb in ours.get("workers_peak_rss_mb", [])) or "none",
         "-"),
        ("feed items seen", f"{first['items']}", f"{base['items']}" if base else "-"),
        ("articles stored / extracted", f"{ours['articles']} in {ours['stories']} stories",
         f"{base['extracted']} extracted, none stored" if base else "-"),
        ("failed sources / items", f"{first['failed_sources']} / {first['item_errors']}",
         f"0 / {base['failures']}" if base else "-"),
        ("store size on disk", f"{ours['db_mb']:.0f} MiB", "-"),
        ("second cycle (unchanged): wall time", f"{second['wall_s']:.1f} s", "-"),
        ("second cycle: feed requests answered 304",
         f"{second['requests'].get('not_modified', 0)} of "
         f"{second['requests'].get('feed_requests', 0)}"
         f" ({second['requests'].get('page_requests', 0)} pages fetched)", "-"),
    ]
    table = ["| measurement | newsdesk (`poll_due`, everything) | baseline (sequential loop) |",
             "|---|---|---|"]
    table += [f"| {name} | {ours_cell} | {base_cell} |" for name, ours_cell, base_cell in rows]
    if first["first_errors"]:
        table += ["", "First source errors: " + "; ".join(first["first_errors"])]
    return table


def _latency_table(latency: dict[str, Any]) -> list[str]:
    series = latency["series"]
    lines = [f"`newsdesk run`, polling every {latency['interval_s']:.0f} s (min = default = max),"
             f" {latency['feeds']} live feeds, {latency['probes']} items published; start-up"
             f" to first items stored {latency['ready_s']:.1f} s.", "",
             "| latency | probes | min | p50 | p95 | max |", "|---|---:|---:|---:|---:|---:|"]
    for name in SERIES:
        stats = summary(series[name])
        cells = [f"{stats[k]:.1f} s" if stats else "-" for k in ("min", "p50", "p95", "max")]
        lines.append(f"| {name} | {len(series[name])} | " + " | ".join(cells) + " |")
    lines += ["", _verdict(latency)]
    return lines


def _verdict(latency: dict[str, Any]) -> str:
    """Whether the issue's target holds: searchable and on the site within 5 s (p95) of the
    poll that found the item, for every probe published."""
    ends = [series for name, series in latency["series"].items()
            if name.startswith("poll that found it")]
    complete = all(len(series) == latency["probes"] for series in ends)
    p95 = max((summary(series).get("p95", float("inf")) for series in ends), default=float("inf"))
    met = complete and p95 <= TARGET_S
    return (f"Target (issue #19), searchable and on the site within {TARGET_S:.0f} s (p95) of"
            f" the poll that found the item: **{'met' if met else 'not met'}** (p95"
            f" {p95:.1f} s{'' if complete else ', and not every probe arrived'}; p95 is the"
            " nearest rank, so with fewer than 20 probes it is the largest).")


if __name__ == "__main__":
    main()
