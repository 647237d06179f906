"""Page weight and server time of the site, the feeds and the API at N articles (SQLite).

    .venv/bin/python bench/web/run.py [--articles 100000] [--repeat 30] [--db PATH]

Articles, stories and sources are written with bulk SQL into a fresh store (the schema and
triggers are the store's own), the search index is brought up to date, then each page is
requested ``--repeat`` times in-process (no network) with ``Accept-Encoding: gzip``. Bytes are
what goes on the wire (gzip applied); times are the app's own, p50 and p95. Prints Markdown.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import tempfile
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.publish import create_web_app
from newsdesk.store import Store, open_store
from newsdesk.store.fulltext import refresh_search_index

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

WORDS = [
    "harbour", "council", "ferry", "budget", "storm", "bridge", "school", "river",
    "market", "vote", "island", "fishing", "festival", "road", "hospital", "museum",
    "wind", "farm", "quay", "court", "rail", "station", "teacher", "moth",
]
LANGUAGES = ["en"] * 8 + ["fa", "fr"]
SOURCES = 20


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def fill(store: Store, articles: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = datetime(2031, 1, 1, tzinfo=UTC)
    for n in range(SOURCES):
        store.add_source(f"https://outlet{n}.example/feed", name=f"Outlet {n}", kind="feed",
                         interval_s=600, folder="world" if n % 2 else "local")
    with store.transaction() as tx:
        story_id = 0
        for i in range(1, articles + 1):
            moment = (start + timedelta(seconds=30 * i)).isoformat()
            if i % 3 == 1:
                story_id += 1
                tx.run("INSERT INTO stories (id, title, original_article_id, first_seen,"
                       " updated_at, article_count) VALUES (?, ?, ?, ?, ?, 0)",
                       (story_id, _sentence(rng, 8), i, moment, moment))
            text = "\n\n".join(_sentence(rng, 40) for _ in range(8))
            tx.run(
                "INSERT INTO articles (id, url, source_id, title, summary, text, published,"
                " language, publisher, original_source_name, content_hash, story_id, relation,"
                " first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (i, f"https://outlet{i % SOURCES}.example/a/{i}", i % SOURCES + 1,
                 _sentence(rng, 8), _sentence(rng, 25), text, moment, rng.choice(LANGUAGES),
                 f"Outlet {i % SOURCES}", None if i % 3 == 1 else "Outlet 1", f"h{i}",
                 story_id, "original" if i % 3 == 1 else "copy", moment),
            )
        tx.run("UPDATE stories SET article_count = (SELECT count(*) FROM articles"
               " WHERE story_id = stories.id), updated_at = (SELECT max(first_seen) FROM"
               " articles WHERE story_id = stories.id)")


def pages(client: TestClient) -> dict[str, str]:
    api = client.get("/api/stories", params={"limit": 100}).json()
    deep = "/"
    for _ in range(25):  # 25 pages down the home page, by cursor
        body = client.get(deep).text
        marker = body.find('href="/?after=')
        if marker < 0:
            break
        deep = body[marker + 6 : body.index('"', marker + 6)]
    story = api["stories"][0]["id"]
    article = api["stories"][-1]["articles"][0]["id"]
    return {
        "home": "/", "home, page 26": deep, f"story ({api['stories'][0]['article_count']}"
        " outlets)": f"/stories/{story}", "article": f"/articles/{article}",
        "search": "/search?q=harbour+ferry", "search + language + dates":
        "/search?q=harbour&language=fa&since=2031-01-02&until=2031-01-20",
        "browse by language": "/search?language=fr", "source": "/sources/3",
        "sources": "/sources", "feed stories.rss": "/feeds/stories.rss",
        "feed source atom": "/feeds/source/3.atom", "api/articles": "/api/articles?limit=20",
        "api/search": "/api/search?q=harbour", "site.css": "/static/site.css",
    }


def measure(client: TestClient, path: str, repeat: int) -> tuple[int, int, float, float]:
    times, wire, size = [], 0, 0
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.text[:200])
        wire, size = response.num_bytes_downloaded, len(response.content)
    times.sort()
    p95 = times[min(len(times), math.ceil(len(times) * 0.95)) - 1]
    return wire, size, statistics.median(times), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", help="reuse this database if it exists (skip generating)")
    args = parser.parse_args()
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "bench.db"
    fresh = not path.exists()
    store = open_store(path)
    began = time.perf_counter()
    if fresh:
        fill(store, args.articles)
    filled = time.perf_counter() - began
    began = time.perf_counter()
    refresh_search_index(store)
    indexed = time.perf_counter() - began
    count = store.article_count()
    with TestClient(create_web_app(store)) as client:
        print(f"{count} articles in SQLite (generated in {filled:.0f} s, search index"
              f" {indexed:.0f} s); {args.repeat} requests per page, in-process, gzip on\n")
        print("| page | bytes on the wire | bytes unzipped | p50 ms | p95 ms |")
        print("|---|---:|---:|---:|---:|")
        for name, url in pages(client).items():
            wire, size, p50, p95 = measure(client, url, args.repeat)
            print(f"| {name} | {wire:,} | {size:,} | {p50:.1f} | {p95:.1f} |")
    store.close()


if __name__ == "__main__":
    main()
