"""Posting real articles into a real WordPress on this machine: posts per second and HTTP
requests per new story, newsdesk beside a bare importer, in the same run.

    .venv/bin/python bench/wordpress/run.py [--readability GIT_DIR] [--pages 130]
                                            [--photo PATH]

Needs what the WordPress tests need (Debian's wordpress, mariadb-server, php-mysql, php-cli;
run as root): the WordPress of tests/publish/wordpress_site.py is set up for the run and
removed after it (php -S with 4 workers, MariaDB, newsdesk's plugin installed).

Corpus: mozilla/readability's test pages (real articles from many sites), read from the git
snapshot and extracted by newsdesk. Each page becomes one story in a fresh SQLite store; its
source sits in one of three folders (nested categories); every third story has a lead picture
(cut from ``--photo``, a real photograph, a different cut for each story, re-encoded by
newsdesk as the image job would; the importer uploads the cut as it is).

Measured, each on an emptied WordPress:
- **newsdesk, 1 poster**: `Poster` + `WordPressPublisher` post every story (lookup by story
  key, categories and tags made once, picture uploaded, credit meta); then every story's
  credit is corrected and the posts are edited in place;
- **newsdesk, 2 posters at once** on one store: no story may be posted twice;
- **bare importer**: one POST per article (title and paragraphs only), as an importer plugin
  at its simplest; and the same with the picture uploaded and set as featured image.
Prints Markdown.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import io
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.extraction.prepare import DEFAULT_READABILITY, readability_pages

from newsdesk.config import WordPressSettings
from newsdesk.extract import extract_article
from newsdesk.images import prepare_image
from newsdesk.publish import Poster, PostingRules
from newsdesk.publish.wordpress import WordPressClient, WordPressPublisher
from newsdesk.records import Article, Credit, Relation
from newsdesk.store import Store, open_store
from newsdesk.store.curation import credit_text
from newsdesk.store.image_files import ImageFiles, image_dir
from newsdesk.store.images import LeadImage
from tests.publish.wordpress_site import WordPressSite, running_wordpress

FOLDERS = ("World/Europe", "Business", "Science/Space")
PHOTO = Path("/usr/share/doc/libjs-cropper/tests/castleMed.jpg")
RULES = PostingRules(hold=timedelta(0))


@dataclass
class Run:
    name: str
    posts: int
    seconds: float
    requests: int
    made: int  # posts WordPress holds afterwards
    by_route: Counter[str] = field(default_factory=Counter)
    own_s: float = 0.0  # with no request to WordPress in flight

    def row(self) -> str:
        rate = self.posts / self.seconds if self.seconds else 0.0
        per = self.requests / self.posts if self.posts else 0.0
        return (f"| {self.name} | {self.posts} | {self.seconds:.1f} | {rate:.1f} | {per:.2f} |"
                f" {self.made} |")


def articles(git_dir: Path, limit: int) -> list[Article]:
    found = []
    for page in readability_pages(git_dir):
        article = extract_article(page["html"], page["url"])
        if article.title and len(article.text) > 200:
            found.append(article)
        if len(found) == limit:
            break
    return found


def pictures(photo: bytes, count: int) -> list[bytes]:
    """``count`` different pictures cut from one photograph (each story has its own)."""
    picture = Image.open(io.BytesIO(photo)).convert("RGB")
    width, height = picture.size
    cuts = []
    for n in range(count):
        frame = io.BytesIO()
        picture.crop((n % 40, n // 40, width - 40 + n % 40, height - 10)).save(frame, "JPEG",
                                                                               quality=90)
        cuts.append(frame.getvalue())
    return cuts


def fill(path: Path, corpus: list[Article], photos: list[bytes]) -> Store:
    store = open_store(str(path))
    sources = [store.add_source(f"https://outlet{i}.example/feed", name=f"Outlet {i}",
                                kind="feed", folder=folder, interval_s=600).id
               for i, folder in enumerate(FOLDERS)]
    files = ImageFiles(image_dir(store))
    for n, article in enumerate(corpus):
        article.original_source = Credit(f"Agency {n % 5}")
        article.image = f"https://outlet.example/picture-{n}.jpg" if n % 3 == 0 else None
        saved = store.save_article(article, source_id=sources[n % len(sources)],
                                   fetch_id=None, guid=str(n))
        story = store.create_story(article.title, saved.id)
        store.assign_story(saved.id, story, Relation.ORIGINAL)
        if n % 3 == 0:  # re-encoded as the image job does
            prepared = prepare_image(photos[n])
            files.save((r.name(prepared.key), r.data) for r in prepared.renditions)
            store.image_ready(saved.id, LeadImage(prepared.key, prepared.width,
                                                  prepared.height, prepared.widths))
    return store


def settings(site: WordPressSite) -> WordPressSettings:
    return WordPressSettings(url=site.url, user=site.user, app_password=site.app_password)


class OwnTime:
    """Wall time during which no request to WordPress was in flight: newsdesk's own work."""

    def __init__(self, client: WordPressClient) -> None:
        self.seconds = 0.0
        self._flying = 0
        self._since = time.perf_counter()
        once = client._once  # measured from outside: the client stays as it is

        async def timed(*args: Any) -> Any:
            self._start()
            try:
                return await once(*args)
            finally:
                self._end()
        client._once = timed  # type: ignore[method-assign]

    def _start(self) -> None:
        if self._flying == 0:
            self.seconds += time.perf_counter() - self._since
        self._flying += 1

    def _end(self) -> None:
        self._flying -= 1
        if self._flying == 0:
            self._since = time.perf_counter()

    def reset(self) -> None:
        self.seconds, self._since = 0.0, time.perf_counter()


async def until_done(posters: list[Poster]) -> int:
    total = 0
    while True:
        done = sum(await asyncio.gather(*(p.post_pending() for p in posters)))
        total += done
        if not done:
            return total


async def timed(work: Callable[[], Awaitable[int]]) -> tuple[int, float]:
    start = time.perf_counter()
    count = await work()
    return count, time.perf_counter() - start


async def newsdesk_runs(site: WordPressSite, store: Store, second: Store) -> list[Run]:
    site.reset()
    publisher = WordPressPublisher(settings(site), store)
    own = OwnTime(publisher.client)
    async with Poster(store, publisher, RULES) as poster:
        own.reset()
        posted, seconds = await timed(lambda: until_done([poster]))
        first = Run("newsdesk: new stories (1 poster)", posted, seconds,
                    publisher.client.requests, len(site.posts()),
                    Counter(publisher.client.by_route), own.seconds)
        before = publisher.client.requests
        for story in store.list_stories(limit=10_000):
            store.correct_article(story.original_article_id or 0, "credit",
                                  credit_text(Credit("Harbour Agency")), by="bench")
        edited, seconds = await timed(lambda: until_done([poster]))
        edits = Run("newsdesk: credit corrected, posts edited", edited, seconds,
                    publisher.client.requests - before, len(site.posts()))
    site.reset()
    pair = [WordPressPublisher(settings(site), second) for _ in range(2)]
    posters = [Poster(second, p, RULES) for p in pair]
    async with posters[0], posters[1]:
        posted, seconds = await timed(lambda: until_done(posters))
    both = Run("newsdesk: new stories (2 posters at once)", posted, seconds,
               sum(p.client.requests for p in pair), len(site.posts()))
    return [first, edits, both]


async def importer_runs(site: WordPressSite, corpus: list[Article], photos: list[bytes]
                        ) -> list[Run]:
    runs = []
    for with_picture in (False, True):
        site.reset()
        client = WordPressClient(site.url, site.user, site.app_password)

        async def post_all(client: WordPressClient = client,
                           with_picture: bool = with_picture) -> int:
            for n, article in enumerate(corpus):
                body = "\n".join(f"<p>{html.escape(p)}</p>"
                                 for p in article.text.split("\n\n") if p.strip())
                fields: dict[str, object] = {"title": html.escape(article.title),
                                             "content": body, "status": "publish"}
                if with_picture and n % 3 == 0:
                    media = await client.call(
                        "POST", "/wp/v2/media", body=photos[n],
                        headers={"Content-Type": "image/jpeg",
                                 "Content-Disposition": f'attachment; filename="p{n}.jpg"'})
                    fields["featured_media"] = media["id"]
                await client.call("POST", "/wp/v2/posts", json=fields, replay_safe=False)
            return len(corpus)

        try:
            posted, seconds = await timed(post_all)
        finally:
            await client.close()
        name = "bare importer: title and text, 1 POST" + (
            " + picture upload" if with_picture else "")
        runs.append(Run(name, posted, seconds, client.requests, len(site.posts())))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readability", type=Path, default=DEFAULT_READABILITY)
    parser.add_argument("--pages", type=int, default=130)
    parser.add_argument("--photo", type=Path, default=PHOTO)
    args = parser.parse_args()
    corpus = articles(args.readability, args.pages)
    photos = pictures(args.photo.read_bytes(), len(corpus))
    with tempfile.TemporaryDirectory() as work:
        home = Path(work)
        (home / "wp").mkdir()
        store = fill(home / "one.db", corpus, photos)
        second = fill(home / "two.db", corpus, photos)
        site_runs = running_wordpress(home / "wp")
        site = next(site_runs)
        try:
            runs = asyncio.run(newsdesk_runs(site, store, second))
            runs += asyncio.run(importer_runs(site, corpus, photos))
        finally:
            site_runs.close()
            store.close()
            second.close()
    print(f"{len(corpus)} real articles (mozilla/readability test pages), every third with a"
          f" picture ({args.photo.name}); WordPress 6.1 on php -S (4 workers) and MariaDB, same"
          " machine\n")
    print("| run | posts | seconds | posts/s | HTTP requests per post | posts in WordPress |")
    print("|---|---|---|---|---|---|")
    for run in runs:
        print(run.row())
    first = runs[0]
    print(f"\nnewsdesk's own time (no request to WordPress in flight):"
          f" {first.own_s * 1000 / first.posts:.1f} ms per new story, of"
          f" {first.seconds * 1000 / first.posts:.0f} ms.")
    print(f"\nnewsdesk's requests per new story ({first.posts} stories, one poster):\n")
    print("| request | per story |")
    print("|---|---|")
    for route, count in first.by_route.most_common():
        print(f"| `{route}` | {count / first.posts:.2f} |")


if __name__ == "__main__":
    main()
