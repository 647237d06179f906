"""Page weight and server time of the site, the feeds and the API at N articles (SQLite).

    .venv/bin/python bench/web/run.py [--articles 100000] [--repeat 30] [--db PATH]
                                      [--photo PATH ...]

Articles, stories and sources are written with bulk SQL into a fresh store (the schema and
triggers are the store's own), the search index is brought up to date, then each page is
requested ``--repeat`` times in-process (no network) with ``Accept-Encoding: gzip``. Bytes are
what goes on the wire (gzip applied); times are the app's own, p50 and p95. Prints Markdown.

Lead pictures: each ``--photo`` (default: real photos found on this machine, else a generated
one) is re-encoded by `newsdesk.images` and given to every third story's original; the budget
table adds the picture a browser picks for the article page (desktop at 1x, phone at 2x).
"""

from __future__ import annotations

import argparse
import math
import random
import re
import statistics
import tempfile
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.images import prepare_image
from newsdesk.publish import create_web_app
from newsdesk.store import Store, open_store
from newsdesk.store.fulltext import refresh_search_index
from newsdesk.store.image_files import ImageFiles, image_dir
from newsdesk.store.images import LeadImage

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
PHOTOS = [  # real photographs that Debian packages and toolchains ship, when present
    Path("/usr/share/doc/libjs-cropper/tests/castleMed.jpg"),
    Path.home() / ".rustup/toolchains/stable-x86_64-unknown-linux-gnu/share/doc/rust/html/"
    "embedded-book/assets/f3.jpg",
]
HTML_CSS_BUDGET = 50 * 1024
WITH_PICTURE_BUDGET = 150 * 1024


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def fill(store: Store, articles: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = datetime.now(UTC) - timedelta(seconds=30 * articles + 3600)
    for n in range(SOURCES):
        store.add_source(f"https://outlet{n}.example/feed", name=f"Outlet {n}", kind="feed",
                         interval_s=600, folder="World" if n % 2 else "Local")
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
            tags = f'["{rng.choice(WORDS)}", "{rng.choice(WORDS)}"]'
            tx.run(
                "INSERT INTO articles (id, url, source_id, title, summary, text, published,"
                " language, publisher, original_source_name, content_hash, story_id, relation,"
                " first_seen, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (i, f"https://outlet{i % SOURCES}.example/a/{i}", i % SOURCES + 1,
                 _sentence(rng, 8), _sentence(rng, 25), text, moment, rng.choice(LANGUAGES),
                 f"Outlet {i % SOURCES}", None if i % 3 == 1 else "Outlet 1", f"h{i}",
                 story_id, "original" if i % 3 == 1 else "copy", moment, tags),
            )
        tx.run("UPDATE stories SET article_count = (SELECT count(*) FROM articles"
               " WHERE story_id = stories.id), updated_at = (SELECT max(first_seen) FROM"
               " articles WHERE story_id = stories.id)")
        tx.run("UPDATE stories SET news_time = (SELECT news_time FROM articles"
               " WHERE articles.id = stories.original_article_id)")


def give_pictures(store: Store, photos: list[bytes]) -> list[LeadImage]:
    """Re-encode each photo once; every third story's original gets one of them."""
    files = ImageFiles(image_dir(store))
    kept = []
    for data in photos:
        prepared = prepare_image(data)
        files.save((r.name(prepared.key), r.data) for r in prepared.renditions)
        kept.append(LeadImage(prepared.key, prepared.width, prepared.height, prepared.widths))
    with store.transaction() as tx:
        for n, (article_id,) in enumerate(tx.rows(
                "SELECT original_article_id FROM stories WHERE id % 3 = 0")):
            image = kept[n % len(kept)]
            tx.run("INSERT INTO article_images (article_id, url, status, next_try_at,"
                   " updated_at, image_key, width, height, widths) VALUES"
                   " (?, 'https://outlet.example/p.jpg', 'ready', ?, ?, ?, ?, ?, ?)",
                   (article_id, "2000-01-01", "2000-01-01", image.key, image.width,
                    image.height, str(list(image.widths))))
    return kept


def pages(client: TestClient) -> dict[str, str]:
    api = client.get("/api/stories", params={"limit": 100}).json()
    deep = "/"
    for _ in range(25):  # 25 pages down the home page, by cursor
        body = client.get(deep).text
        marker = body.find('href="/?after=')
        if marker < 0:
            break
        deep = body[marker + 6 : body.index('"', marker + 6)].replace("&amp;", "&")
    story = next(s for s in api["stories"] if s["id"] % 3 == 0)
    article = story["articles"][0]["id"]
    return {
        "home": "/", "home, page 26": deep, "section": "/sections/World",
        "tag": "/tags/harbour", f"story ({story['article_count']} outlets, picture)":
        f"/stories/{story['id']}", "article (picture)": f"/articles/{article}",
        "search": "/search?q=harbour+ferry", "search + language + dates":
        "/search?q=harbour&language=fa&since=2000-01-02",
        "browse by language": "/search?language=fr", "source": "/sources/3",
        "sources": "/sources", "about": "/about", "feed stories.rss": "/feeds/stories.rss",
        "feed source atom": "/feeds/source/3.atom", "sitemap.xml": "/sitemap.xml",
        "sitemap part": "/sitemaps/articles-{month}.xml", "sitemap-news.xml":
        "/sitemap-news.xml", "api/articles": "/api/articles?limit=20",
        "api/search": "/api/search?q=harbour", "site.css": "/static/site.css",
    }


def measure(client: TestClient, path: str, repeat: int) -> tuple[int, int, float, float]:
    client.get(path)  # first use loads templates and locale data: not what a reader waits for
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


def chosen_picture(html: str, css_width: int, density: float) -> str | None:
    """The WebP a browser takes from the lead picture's srcset for ``css_width`` pixels."""
    found = re.search(r'<figure class="lead"><picture>\s*<source type="image/webp" '
                      r'srcset="([^"]+)"', html)
    if not found:
        return None
    candidates = sorted((int(w[:-1]), url) for url, w in
                        (c.split() for c in found[1].split(", ")))
    needed = css_width * density
    return next((url for width, url in candidates if width >= needed), candidates[-1][1])


def budgets(client: TestClient, paths: dict[str, str]) -> None:
    css = measure(client, "/static/site.css", 1)[0]
    print("\n| page | HTML+CSS on the wire | budget 50 KB | + lead picture, desktop 1x"
          " | + lead picture, phone 2x | budget 150 KB |\n|---|---:|:-:|---:|---:|:-:|")
    for name, path in paths.items():
        if name.startswith(("feed", "api", "site.css", "sitemap")):
            continue
        wire = measure(client, path, 1)[0] + css
        body = client.get(path).text
        totals = []
        for css_width, density in ((704, 1.0), (380, 2.0)):  # 44rem column; a 412 px phone
            picture = chosen_picture(body, css_width, density)
            extra = len(client.get(picture).content) if picture else 0
            totals.append(wire + extra)
        ok = "✓" if wire < HTML_CSS_BUDGET else "✗"
        ok_picture = "✓" if max(totals) <= WITH_PICTURE_BUDGET else "✗"
        print(f"| {name} | {wire:,} | {ok} | {totals[0]:,} | {totals[1]:,} | {ok_picture} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", help="reuse this database if it exists (skip generating)")
    parser.add_argument("--photo", type=Path, action="append", default=None)
    args = parser.parse_args()
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "bench.db"
    fresh = not path.exists()
    store = open_store(path)
    began = time.perf_counter()
    photos = [p.read_bytes() for p in (args.photo or PHOTOS) if p.is_file()]
    if not photos:
        from tests.images.pictures import photo

        photos = [photo(1600, 1000)]
    if fresh:
        fill(store, args.articles)
        give_pictures(store, photos)
    filled = time.perf_counter() - began
    began = time.perf_counter()
    refresh_search_index(store)
    indexed = time.perf_counter() - began
    count = store.article_count()
    month = datetime.now(UTC).strftime("%Y-%m")
    with TestClient(create_web_app(store)) as client:
        print(f"{count} articles in SQLite (generated in {filled:.0f} s, search index"
              f" {indexed:.0f} s); {args.repeat} requests per page, in-process, gzip on;"
              f" {len(photos)} photo(s), {sum(map(len, photos)):,} bytes\n")
        print("| page | bytes on the wire | bytes unzipped | p50 ms | p95 ms |")
        print("|---|---:|---:|---:|---:|")
        paths = {k: v.format(month=month) for k, v in pages(client).items()}
        for name, url in paths.items():
            wire, size, p50, p95 = measure(client, url, args.repeat)
            print(f"| {name} | {wire:,} | {size:,} | {p50:.1f} | {p95:.1f} |")
        budgets(client, paths)
    store.close()


if __name__ == "__main__":
    main()
