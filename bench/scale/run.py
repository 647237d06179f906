"""Articles per second with 1, 2 and 4 workers on PostgreSQL, against a local news network.

    .venv/bin/python bench/scale/run.py [--outlets 100] [--items 10] [--workers 1,2,4]

Each run gets a fresh schema, follows every outlet's feed, starts the workers (real
processes, ``python -m newsdesk.jobs.worker``) and times until every article is stored.
Needs the PostgreSQL at NEWSDESK_TEST_PG (default postgresql://postgres@127.0.0.1:5432/test).
Prints a Markdown table; docs/scaling.md keeps the numbers.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.scale.network import NewsNetwork  # noqa: E402

from newsdesk.store import open_store  # noqa: E402

PG_URL = os.environ.get("NEWSDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
TIMEOUT_S = 900.0


def run_once(outlets: int, items: int, workers: int, concurrency: int) -> tuple[float, int]:
    """Seconds until every article of a fresh network is stored, and how many were."""
    schema = "bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    network = NewsNetwork(outlets, items)
    store = open_store(url)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for outlet in range(outlets):
            store.add_source(network.feed_url(outlet), name=f"Outlet {outlet}", kind="feed",
                             interval_s=3600.0)
        env = {**os.environ, "NEWSDESK_ALLOW_PRIVATE": "1"}
        started = time.monotonic()
        procs = [
            subprocess.Popen([sys.executable, "-m", "newsdesk.jobs.worker", "--db", url,
                              "--concurrency", str(concurrency)], env=env,
                             stdout=subprocess.DEVNULL)
            for _ in range(workers)
        ]
        want = outlets * items
        stored = 0
        while time.monotonic() - started < TIMEOUT_S and stored < want:
            time.sleep(0.5)
            with store.transaction() as tx:
                row = tx.row("SELECT count(*) FROM articles")
            stored = int(row[0]) if row else 0
        return time.monotonic() - started, stored
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        store.close()
        network.stop()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlets", type=int, default=100)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    cores = os.cpu_count()
    print(f"Machine: {platform.processor() or platform.machine()}, {cores} cores, Python"
          f" {platform.python_version()}, PostgreSQL at {PG_URL.split('@')[-1]}")
    print(f"Network: {args.outlets} outlets x {args.items} articles; {args.concurrency} polls"
          " at once per worker; time includes worker start-up\n")
    print("| workers | articles | seconds | articles/s |")
    print("|---:|---:|---:|---:|")
    for count in (int(w) for w in args.workers.split(",")):
        seconds, stored = run_once(args.outlets, args.items, count, args.concurrency)
        print(f"| {count} | {stored} | {seconds:.1f} | {stored / seconds:.1f} |", flush=True)


if __name__ == "__main__":
    main()
