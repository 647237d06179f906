"""Ingestion benchmark: newsdesk against an invented news network served from loopback hosts.

    .venv/bin/python bench/ingest/run.py [--feeds 2000] [--items 50] [--quick]

Measures one full poll cycle of a fresh newsdesk (wall time, items/s, peak RSS, articles
stored), a second cycle on the unchanged network (conditional requests), the same work done
by a plain feedparser + urllib + trafilatura loop, and the time from an item appearing in a
feed to being searchable while ``newsdesk run`` runs. Prints Markdown tables; see
docs/ingest.md for the method.
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

from bench.ingest.latency import measure_latency, summary
from bench.ingest.measure import in_child, newsdesk_cycles, plain_loop
from bench.ingest.network import NetworkProcess, NetworkSpec


def main() -> None:
    args = _arguments()
    spec = NetworkSpec(feeds=args.feeds, items=args.items, hosts=args.hosts,
                       live_feeds=args.live_feeds)
    env = {"NEWSDESK_ALLOW_PRIVATE": "1",
           "NEWSDESK_PER_HOST_CONCURRENCY": str(args.per_host_concurrency),
           "NEWSDESK_PER_HOST_DELAY": str(args.per_host_delay)}
    network = NetworkProcess(spec)
    started = time.perf_counter()
    results: dict[str, Any] = {"spec": network.describe(), "env": env, "machine": _machine()}
    try:
        with tempfile.TemporaryDirectory(prefix="newsdesk-ingest-") as workdir:
            feeds = [network.feed_url(n) for n in range(spec.feeds)]
            _say(f"newsdesk: {spec.feeds} feeds x {spec.items} items ...")
            results["newsdesk"] = in_child(newsdesk_cycles, feeds, network.control, workdir,
                                           env, args.profile)
            if not args.skip_baseline:
                _say("baseline: feedparser + urllib + trafilatura, sequential ...")
                results["baseline"] = in_child(plain_loop, feeds, network.control)
            if not args.skip_latency:
                _say(f"latency: newsdesk run, {args.probes} probes ...")
                results["latency"] = measure_latency(
                    network, Path(workdir), interval_s=args.interval, probes=args.probes,
                    gap_s=args.gap, env=env)
    finally:
        network.stop()
    results["machine"]["load_at_end"] = _load()
    results["total_s"] = time.perf_counter() - started
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    print(report(results))


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
    parser.add_argument("--skip-latency", action="store_true")
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
    machine, spec = results["machine"], results["spec"]
    lines = [
        f"Machine: {machine['cores']} cores ({machine['cpu']}), {machine['ram_gib']} GiB RAM, "
        f"Python {machine['python']}, {machine['system']}; load average (1/5/15 min)"
        f" {machine['load_at_start']} at start, {machine['load_at_end']} at end; whole run"
        f" {results['total_s'] / 60:.1f} min.",
        "",
        f"Network: {spec['feeds']} feeds x {spec['items']} items on {spec['hosts']} loopback "
        f"hosts; politeness {results['env']['NEWSDESK_PER_HOST_CONCURRENCY']} requests at once"
        f" per host, {results['env']['NEWSDESK_PER_HOST_DELAY']} s apart.",
        "",
        *_throughput_table(results),
    ]
    if "latency" in results:
        lines += ["", *_latency_table(results["latency"])]
    if "profile" in results["newsdesk"]:
        _say(results["newsdesk"]["profile"])
        lines.append("\n(The first newsdesk cycle ran under cProfile: its times are inflated.)")
    return "\n".join(lines)


def _throughput_table(results: dict[str, Any]) -> list[str]:
    ours, base = results["newsdesk"], results.get("baseline")
    first, second = ours["first"], ours["second"]
    rows = [
        ("first cycle: wall time", f"{first['wall_s']:.1f} s",
         f"{base['wall_s']:.1f} s" if base else "-"),
        ("first cycle: CPU time (this process)", f"{first['cpu_s']:.1f} s",
         f"{base['cpu_s']:.1f} s" if base else "-"),
        ("items / s (wall)", f"{first['new_articles'] / first['wall_s']:.1f}",
         f"{base['items'] / base['wall_s']:.1f}" if base else "-"),
        ("items / CPU-second", f"{first['new_articles'] / first['cpu_s']:.1f}",
         f"{base['items'] / base['cpu_s']:.1f}" if base else "-"),
        ("peak RSS", f"{ours['peak_rss_mb']:.0f} MiB (at start-up {ours['startup_rss_mb']:.0f})",
         f"{base['peak_rss_mb']:.0f} MiB" if base else "-"),
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
    stats = summary(latency["latencies"])
    cell = (lambda key: f"{stats[key]:.1f} s") if stats else (lambda _key: "-")
    return [
        "| `newsdesk run`: feed item to searchable | value |",
        "|---|---|",
        f"| polling interval (min = default = max) | {latency['interval_s']:.0f} s |",
        f"| live feeds followed | {latency['feeds']} |",
        f"| items published / found | {latency['probes']} / {len(latency['latencies'])} |",
        f"| latency min / p50 / max | {cell('min')} / {cell('p50')} / {cell('max')} |",
        f"| start-up to first items stored | {latency['ready_s']:.1f} s |",
    ]


if __name__ == "__main__":
    main()
