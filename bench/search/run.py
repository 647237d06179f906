"""Benchmark: search latency at 100,000 and 1,000,000 articles, SQLite and PostgreSQL modes.

Run: .venv/bin/python bench/search/run.py --articles 100000 1000000 --mode both
(prints Markdown tables; each size is loaded on top of the previous one, then the search index
is rebuilt and queries are timed end to end through ``store.search``, rows included)
Add --baselines to time the SQL full-text search the store used before (FTS5 bm25 and
tsvector+GIN ts_rank) on the same rows, at the smallest size only.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

import psycopg
from bench.search.corpus import SOURCES, SyntheticArticle, generate, invented_names, vocabulary

from newsdesk.store import Store, open_store
from newsdesk.store.fulltext import rebuild_search_index, use_search_dir

PG_URL = os.environ.get("NEWSDESK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
_COLUMNS = ("url", "title", "summary", "text", "language", "source_id", "published",
            "content_hash", "first_seen")
QUERIES_PER_KIND = 200


def query_sets(seed: int = 11) -> dict[str, list[str]]:
    rng = random.Random(seed)
    words, _ = vocabulary()
    names = invented_names()
    common, rare = words[:100], words[12_000:]
    pick = lambda pool: [rng.choice(pool) for _ in range(QUERIES_PER_KIND)]  # noqa: E731
    return {
        "1 common word": pick(common),
        "1 rare word": pick(rare),
        "1 name": pick(names),
        "2 common words": [f"{a} {b}" for a, b in zip(pick(words[:300]), pick(words[:300]),
                                                      strict=True)],
        "common + rare": [f"{a} {b}" for a, b in zip(pick(common), pick(rare), strict=True)],
        "name + common": [f"{a} {b}" for a, b in zip(pick(names), pick(common), strict=True)],
    }


def _rows(batch: list[SyntheticArticle]) -> Iterator[tuple[object, ...]]:
    for a in batch:
        yield (f"https://bench{a.source}.example/a/{a.number}", a.title, a.summary, a.text,
               a.language, a.source, a.published, f"h{a.number}", a.published)


def _load_sqlite(path: Path, batches: Iterator[list[SyntheticArticle]]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    marks = ", ".join("?" * len(_COLUMNS))
    sql = f"INSERT INTO articles ({', '.join(_COLUMNS)}) VALUES ({marks})"
    for batch in batches:
        conn.execute("BEGIN")
        conn.executemany(sql, ((*r[:6], a.published.isoformat(), r[7], a.published.isoformat())
                               for a, r in zip(batch, _rows(batch), strict=True)))
        conn.execute("COMMIT")
    conn.close()


def _load_postgres(url: str, batches: Iterator[list[SyntheticArticle]]) -> None:
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        with cur.copy(f"COPY articles ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
            for batch in batches:
                for row in _rows(batch):
                    copy.write_row(row)
        conn.commit()
        conn.execute("ANALYZE articles")
        conn.execute("ANALYZE search_changes")
        conn.commit()


def _add_sources(store: Store) -> None:
    for n in range(1, SOURCES + 1):
        store.add_source(f"https://bench{n}.example/feed", name=f"Bench {n}", kind="feed",
                         interval_s=600)


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def time_queries(search: Callable[[str], object], queries: dict[str, list[str]],
                 ) -> dict[str, tuple[float, float, float]]:
    for query in [q for qs in queries.values() for q in qs[:10]]:  # warm the caches
        search(query)
    results = {}
    for kind, texts in queries.items():
        samples = []
        for text in texts:
            start = time.perf_counter()
            search(text)
            samples.append((time.perf_counter() - start) * 1000)
        results[kind] = _percentiles(samples)
    return results


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


class Bench:
    """One engine's database and index in a scratch place, grown size by size."""

    def __init__(self, mode: str, workdir: Path) -> None:
        self.mode = mode
        self.workdir = workdir
        self.loaded = 0
        if mode == "sqlite":
            self.url = str(workdir / "bench.db")
        else:
            schema = f"bench_search_{os.getpid()}"
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                conn.execute(f"CREATE SCHEMA {schema}")
            self.schema = schema
            self.url = f"{PG_URL}?options=-csearch_path%3D{schema}"
        self.store = open_store(self.url)
        self.index_dir = workdir / f"{mode}-index"
        use_search_dir(self.store, self.index_dir)
        _add_sources(self.store)

    def grow(self, target: int) -> float:
        batches = (b for b in generate(target) if b[0].number >= self.loaded)
        start = time.perf_counter()
        if self.mode == "sqlite":
            _load_sqlite(Path(self.url), batches)
        else:
            _load_postgres(self.url, batches)
        self.loaded = target
        return time.perf_counter() - start

    def index(self) -> float:
        start = time.perf_counter()
        count = rebuild_search_index(self.store)
        assert count == self.loaded, (count, self.loaded)
        return time.perf_counter() - start

    def search(self, query: str) -> object:
        return self.store.search(query, limit=20)

    def database_mb(self) -> float:
        if self.mode == "sqlite":
            return _size_mb(Path(self.url))
        with psycopg.connect(self.url) as conn:
            row = conn.execute("SELECT pg_total_relation_size('articles')").fetchone()
        return row[0] / 1e6 if row else 0.0

    def close(self) -> None:
        self.store.close()
        if self.mode == "postgres":
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")


def machine() -> str:
    mem = next(line for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal")).split()[1]
    with psycopg.connect(PG_URL) as conn:
        pg = conn.execute("SHOW server_version").fetchone()
    import tantivy

    return (f"{os.cpu_count()} cores, {int(mem) / 1e6:.0f} GB RAM, Python "
            f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL "
            f"{pg[0] if pg else '?'}, tantivy-py {tantivy.__version__}, {platform.machine()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[100_000])
    parser.add_argument("--mode", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--baselines", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    modes = ["sqlite", "postgres"] if args.mode == "both" else [args.mode]
    queries = query_sets()
    print(f"Machine: {machine()}\n", flush=True)
    print("| mode | articles | load s | index build s | DB MB | index MB | query | p50 ms"
          " | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|---|---|---|", flush=True)
    for mode in modes:
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="search-bench-"))
        bench = Bench(mode, workdir / mode)
        try:
            for size in sorted(args.articles):
                loaded_s = bench.grow(size)
                indexed_s = bench.index()
                found = time_queries(bench.search, queries)
                sizes = f"{bench.database_mb():.0f} | {_size_mb(bench.index_dir):.0f}"
                for kind, (p50, p95, p99) in found.items():
                    print(f"| {mode} | {size:,} | {loaded_s:.0f} | {indexed_s:.0f} | {sizes}"
                          f" | {kind} | {p50:.1f} | {p95:.1f} | {p99:.1f} |", flush=True)
                if args.baselines and size == min(args.articles):  # slow to build at 1M
                    from bench.search.baselines import sql_baseline

                    for kind, (p50, p95, p99) in sql_baseline(bench, queries).items():
                        print(f"| {mode} SQL baseline | {size:,} | | | | | {kind} | {p50:.1f}"
                              f" | {p95:.1f} | {p99:.1f} |", flush=True)
        finally:
            bench.close()
            if args.workdir is None:
                shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
