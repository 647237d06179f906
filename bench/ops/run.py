"""Benchmark: what retention and backups cost on a store of a given size, both engines.

Run: .venv/bin/python bench/ops/run.py [--articles 20000] [--mode both|sqlite|postgres]
Prints a Markdown table. The store is generated (operations time rows, not text): each
article has its page and a feed fetch beside it, the older half 45 days old, one in ten has
three revisions. Timed: the first `prune` (deletes the old half), a second one (nothing left:
the hourly cost in steady state), `backup` and `restore` into a fresh store. Data goes to
~/.cache/newsdesk-bench/ops and is removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

import psycopg

from newsdesk.config import Retention
from newsdesk.ops.backup import backup, restore
from newsdesk.ops.retention import prune_store
from newsdesk.store import Store, open_store
from newsdesk.store.sources import pack_body

PG_URL = os.environ.get("NEWSDESK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
WORK = Path.home() / ".cache" / "newsdesk-bench" / "ops"
PAGE = ("<html><head><title>Velmora council story {n}</title></head><body><article>"
        + "<p>The council of Velmora met again on the harbour question, story {n}.</p>" * 40
        + "</article></body></html>")


def fill(store: Store, articles: int) -> None:
    """``articles`` articles with a page each, as many feed fetches, revisions for 10%."""
    now = datetime.now(UTC)
    with store.transaction() as tx:
        tx.run("INSERT INTO sources (url, name, kind, created_at, interval_s, next_poll_at)"
               " VALUES (?, ?, ?, ?, ?, ?)", ("https://velmora.example/feed", "Velmora", "feed",
                                             now, 600.0, now))
    for start in range(0, articles, 1000):
        batch = range(start, min(start + 1000, articles))
        with store.transaction() as tx:
            for n in batch:
                when = now - timedelta(days=45 if n < articles // 2 else 1)  # ids follow time
                body = pack_body(PAGE.format(n=n).encode())
                ids = [tx.row("INSERT INTO fetches (source_id, url, final_url, status, headers,"
                              " body, fetched_at) VALUES (1, ?, ?, 200, '{}', ?, ?) RETURNING id",
                              (url, url, body, when))[0]  # type: ignore[index]
                       for url in (f"https://velmora.example/{n}", "https://velmora.example/feed")]
                tx.run("INSERT INTO articles (url, source_id, fetch_id, title, summary, text,"
                       " content_hash, revision, first_seen) VALUES (?, 1, ?, ?, '', ?, ?, ?, ?)",
                       (f"https://velmora.example/{n}", ids[0], f"Story {n}", f"Text {n}.",
                        f"h{n}", 4 if n % 10 == 0 else 1, when))
            tx.run_many("INSERT INTO article_revisions (article_id, revision, title, summary, text,"
                        " saved_at) SELECT id, ?, title, '', text, first_seen FROM articles"
                        " WHERE url = ?", [(r, f"https://velmora.example/{n}") for n in batch
                                           if n % 10 == 0 for r in (1, 2, 3)])


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def run_engine(name: str, url: str, articles: int, *, restore_to: str,
               lose: Callable[[], None] = lambda: None) -> str:
    """One table row: fill, prune twice, back up, ``lose`` the store, restore."""
    store = open_store(url)
    load_s, _ = timed(lambda: fill(store, articles))
    policy = Retention(fetch_days=30, revisions=1)
    first_s, first = timed(lambda: prune_store(store, policy))
    again_s, _ = timed(lambda: prune_store(store, policy))
    target = WORK / f"{name}.backup"
    backup_s, made = timed(lambda: backup(store, target))
    store.close()
    lose()
    restore_s, restored = timed(lambda: restore(target, restore_to))
    assert restored == articles, (restored, articles)
    return (f"| {name} | {articles:,} | {load_s:.1f} | {first.fetches:,} / {first.revisions:,}"
            f" | {first_s:.2f} | {again_s:.2f} | {backup_s:.2f} | {made.size_bytes / 1e6:.0f}"
            f" | {restore_s:.2f} |")


def _pg_schema(base: str) -> tuple[str, str]:
    schema = "bench_ops_" + uuid.uuid4().hex[:8]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return schema, f"{base}?options=-csearch_path%3D{schema}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--mode", choices=("both", "sqlite", "postgres"), default="both")
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    os.environ["NEWSDESK_SEARCH_DIR"] = str(WORK / "search")
    rows = []
    try:
        if args.mode in ("both", "sqlite"):
            rows.append(run_engine("SQLite", str(WORK / "desk.db"), args.articles,
                                   restore_to=str(WORK / "restored.db")))
        if args.mode in ("both", "postgres"):
            schema, url = _pg_schema(PG_URL)
            # A dump goes back into the schema it came from: drop it (a lost database) first.
            drop = f"DROP SCHEMA IF EXISTS {schema} CASCADE"
            try:
                rows.append(run_engine("PostgreSQL", url, args.articles, restore_to=url,
                                       lose=lambda: _execute(PG_URL, drop)))
            finally:
                _execute(PG_URL, drop)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"\n{platform.python_implementation()} {platform.python_version()},"
          f" {os.cpu_count()} cores\n")
    print("| engine | articles | load s | first prune drops (fetches / revisions) |"
          " first prune s | next prune s | backup s | backup MB | restore s |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


def _execute(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


if __name__ == "__main__":
    main()
