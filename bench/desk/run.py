"""What hiding costs the public queries, and the desk's own server time, at N articles (SQLite).

    .venv/bin/python bench/desk/run.py [--articles 100000] [--repeat 50] [--db PATH]

The store is generated as by bench/web/run.py (reused with ``--db``); 1% of the articles and
1% of the stories are then hidden, as an operator would. Each public query runs ``--repeat``
times two ways in the same process: as the site runs it (hidden ones left out) and with
``include_hidden`` (the query as it was before hiding existed) — the side-by-side baseline.
Then every desk page is requested in-process, logged in as an admin. Prints Markdown.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.web.run import fill

from newsdesk.app import App
from newsdesk.config import load_config
from newsdesk.desk import accounts, add_desk
from newsdesk.publish import create_web_app
from newsdesk.store import Store, open_store, refresh_search_index
from newsdesk.store.publishing import ArticleFilter

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NAME, PASSWORD = "bench", "bench-desk-password"


def hide_some(store: Store, share: float = 0.01, seed: int = 11) -> tuple[int, int]:
    """Hide ``share`` of the articles and of the stories (once per database)."""
    if store.count_articles(ArticleFilter(include_hidden=True)) != store.count_articles():
        return 0, 0
    rng = random.Random(seed)
    with store.reading() as tx:
        articles = [int(r[0]) for r in tx.rows("SELECT id FROM articles")]
        stories = [int(r[0]) for r in tx.rows("SELECT id FROM stories")]
    hidden_articles = rng.sample(articles, int(len(articles) * share))
    hidden_stories = rng.sample(stories, int(len(stories) * share))
    with store.transaction() as tx:
        tx.run_many("UPDATE articles SET hidden = 'hidden' WHERE id = ?",
                    [(i,) for i in hidden_articles])
        tx.run_many("UPDATE stories SET hidden = 'hidden' WHERE id = ?",
                    [(i,) for i in hidden_stories])
    return len(hidden_articles), len(hidden_stories)


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, float]:
    call()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times), math.ceil(len(times) * 0.95)) - 1]


def queries(store: Store) -> dict[str, Callable[[ArticleFilter], Any]]:
    return {
        "home (story_page)": lambda f: store.story_page(f, limit=21),
        "stories feed (new_story_page, 50)": lambda f: store.new_story_page(f, limit=50),
        "source page (article_page)": lambda f: store.article_page(replace(f, source_id=3),
                                                                   limit=21),
        "source count (count_articles)": lambda f: store.count_articles(replace(f, source_id=3)),
        "all articles count": lambda f: store.count_articles(f),
        "search + dates (search_articles)": lambda f: store.search_articles(
            "harbour", replace(f, since=store.article_page(limit=1)[0].first_seen), limit=21),
    }


def desk_pages() -> list[str]:
    return ["/desk", "/desk/sources", "/desk/sources/3", "/desk/articles",
            "/desk/articles?view=hidden", "/desk/articles?q=harbour+ferry", "/desk/articles/5000",
            "/desk/stories", "/desk/stories?view=hidden", "/desk/stories/2000", "/desk/audit"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--db", help="reuse this database if it exists (skip generating)")
    args = parser.parse_args()
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "bench.db"
    fresh = not path.exists()
    store = open_store(path)
    if fresh:
        fill(store, args.articles)
    refresh_search_index(store)
    hidden = hide_some(store)
    print(f"{store.article_count()} articles in SQLite; {hidden[0]} articles and {hidden[1]}"
          f" stories newly hidden; {args.repeat} calls each, in-process\n")
    print("| public query | as served (hidden left out) p50 / p95 ms |"
          " without the hidden filter p50 / p95 ms |")
    print("|---|---:|---:|")
    for name, query in queries(store).items():
        served = timed(lambda q=query: q(ArticleFilter()), args.repeat)
        bare = timed(lambda q=query: q(ArticleFilter(include_hidden=True)), args.repeat)
        print(f"| {name} | {served[0]:.2f} / {served[1]:.2f} | {bare[0]:.2f} / {bare[1]:.2f} |")
    if store.get_user(NAME) is None:
        accounts.add_user(store, NAME, "admin", PASSWORD, actor="bench")
    app = App(load_config(db=str(path), data_dir=tempfile.mkdtemp()), store)
    web = create_web_app(store)
    add_desk(web, app)
    with TestClient(web) as client:
        form = client.get("/desk/login").text
        token = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        client.post("/desk/login", data={"name": NAME, "password": PASSWORD, "csrf": token})
        print("\n| desk page | p50 ms | p95 ms |\n|---|---:|---:|")
        for page in desk_pages():
            def get(page: str = page) -> None:
                answer = client.get(page)
                assert answer.status_code == 200, (page, answer.status_code)
            p50, p95 = timed(get, args.repeat)
            print(f"| `{page}` | {p50:.1f} | {p95:.1f} |")
    store.close()


if __name__ == "__main__":
    main()
