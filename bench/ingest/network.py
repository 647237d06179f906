"""The fixture news network: an aiohttp server in its own process, on many loopback hosts.

Feed ``k`` and its article pages live on host ``127.0.0.<1 + k % hosts>`` (all of 127/8 is
loopback on Linux), so the fetcher's per-host politeness sees ``hosts`` different sites, as
it would on the web. Feeds answer conditional requests (ETag and Last-Modified). Routes:

- ``/feeds/<k>.xml``: RSS 2.0, newest first; ``items`` entries (``live_items`` for the
  ``live_feeds`` feeds numbered after the first ``feeds``), plus any published live entries;
- ``/<k>/news/<item>.html`` and ``/<k>/live/<word>.html``: article pages;
- ``/robots.txt``: allows everything;
- ``/_control/stats`` (GET), ``/_control/reset`` (POST), ``/_control/publish?feed=K&word=W``
  (POST): request counters, and publishing a new entry carrying ``W`` at the top of feed K;
- ``/_control/found`` (GET): for each published word, when a feed body holding its entry
  was first served (``time.monotonic()``: on Linux one clock for every process), that is,
  when the poll that found it fetched the feed.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from multiprocessing.connection import Connection

from aiohttp import web
from bench.ingest.corpus import (
    FeedEntry,
    article_page,
    feed_xml,
    live_story,
    published_at,
    story_for,
)

CONTROL = "/_control"


@dataclass(frozen=True, slots=True)
class NetworkSpec:
    feeds: int
    items: int
    hosts: int = 50
    seed: int = 1
    live_feeds: int = 0
    live_items: int = 5

    def items_in(self, feed: int) -> int:
        return self.items if feed < self.feeds else self.live_items


@dataclass(slots=True)
class _Live:
    """The entries published into one feed during the run, newest last."""

    words: list[str]
    published: list[datetime]
    modified: datetime


class _Network:
    def __init__(self, spec: NetworkSpec) -> None:
        self.spec = spec
        self.ports: dict[int, int] = {}
        self.stats: Counter[str] = Counter()
        self.live: dict[int, _Live] = {}
        self.found: dict[str, float] = {}  # word -> when its entry was first served
        self._feeds: dict[tuple[int, int], bytes] = {}

    def site(self, feed: int) -> str:
        host = 1 + feed % self.spec.hosts
        return f"http://127.0.0.{host}:{self.ports[host]}"

    def _version(self, feed: int) -> int:
        return len(self.live[feed].words) if feed in self.live else 0

    def _modified(self, feed: int) -> datetime:
        return self.live[feed].modified if feed in self.live else published_at(feed, 0)

    def _feed_body(self, feed: int) -> bytes:
        key = (feed, self._version(feed))
        if key not in self._feeds:
            self._feeds[key] = feed_xml(feed, self.site(feed), self._entries(feed))
        return self._feeds[key]

    def _entries(self, feed: int) -> list[FeedEntry]:
        site, spec = self.site(feed), self.spec
        entries = []
        live = self.live.get(feed)
        if live:
            for word, when in zip(reversed(live.words), reversed(live.published), strict=True):
                story = live_story(spec.seed, feed, word)
                entries.append(FeedEntry(f"{site}/{feed}/live/{word}.html", story.title,
                                         story.standfirst, when))
        for item in range(spec.items_in(feed)):
            story = story_for(spec.seed, spec.feeds, feed, item)
            entries.append(FeedEntry(f"{site}/{feed}/news/{item}.html", story.title,
                                     story.standfirst, published_at(feed, item)))
        return entries

    async def feed(self, request: web.Request) -> web.Response:
        feed = _number(request.match_info["feed"], self.spec.feeds + self.spec.live_feeds)
        self.stats["feed_requests"] += 1
        etag = f'"feed-{feed}-v{self._version(feed)}"'
        modified = self._modified(feed)
        headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True)}
        if not_modified(request, etag, modified):
            self.stats["not_modified"] += 1
            return web.Response(status=304, headers=headers)
        for word in self.live[feed].words if feed in self.live else ():
            self.found.setdefault(word, time.monotonic())
        return web.Response(body=self._feed_body(feed), headers=headers,
                            content_type="application/rss+xml", charset="utf-8")

    async def page(self, request: web.Request) -> web.Response:
        spec = self.spec
        feed = _number(request.match_info["feed"], spec.feeds + spec.live_feeds)
        item = _number(request.match_info["item"], spec.items_in(feed))
        self.stats["page_requests"] += 1
        story = story_for(spec.seed, spec.feeds, feed, item)
        url = f"{self.site(feed)}/{feed}/news/{item}.html"
        body = article_page(feed, story, url, published_at(feed, item))
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    async def live_page(self, request: web.Request) -> web.Response:
        feed = _number(request.match_info["feed"], self.spec.feeds + self.spec.live_feeds)
        word = request.match_info["word"]
        live = self.live.get(feed)
        if live is None or word not in live.words:
            raise web.HTTPNotFound()
        self.stats["page_requests"] += 1
        when = live.published[live.words.index(word)]
        url = f"{self.site(feed)}/{feed}/live/{word}.html"
        body = article_page(feed, live_story(self.spec.seed, feed, word), url, when)
        return web.Response(body=body, content_type="text/html", charset="utf-8")

    async def robots(self, _request: web.Request) -> web.Response:
        self.stats["robots_requests"] += 1
        return web.Response(text="User-agent: *\nDisallow:\n")

    async def show_stats(self, _request: web.Request) -> web.Response:
        return web.json_response(dict(self.stats))

    async def show_found(self, _request: web.Request) -> web.Response:
        return web.json_response(self.found)

    async def reset(self, _request: web.Request) -> web.Response:
        self.stats.clear()
        return web.json_response({})

    async def publish(self, request: web.Request) -> web.Response:
        feed = _number(request.query.get("feed", ""), self.spec.feeds + self.spec.live_feeds)
        word = request.query.get("word", "")
        if not word.isalpha():
            raise web.HTTPBadRequest(text="word must be letters only")
        now = datetime.now(UTC)
        live = self.live.setdefault(feed, _Live([], [], now))
        live.words.append(word)
        live.published.append(now)
        live.modified = now
        return web.json_response({"feed": feed, "word": word, "at": now.timestamp()})


def _number(text: str, limit: int) -> int:
    """A path number in ``range(limit)``; anything else is a 404."""
    if not text.isdigit() or int(text) >= limit:
        raise web.HTTPNotFound()
    return int(text)


def not_modified(request: web.Request, etag: str, modified: datetime) -> bool:
    match = request.headers.get("If-None-Match")
    if match is not None:
        return etag in {tag.strip() for tag in match.split(",")}
    since = request.headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        return modified.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


async def _serve(spec: NetworkSpec, ports_out: Connection) -> None:
    network = _Network(spec)
    app = web.Application()
    app.router.add_get("/feeds/{feed}.xml", network.feed)
    app.router.add_get("/{feed}/news/{item}.html", network.page)
    app.router.add_get("/{feed}/live/{word}.html", network.live_page)
    app.router.add_get("/robots.txt", network.robots)
    app.router.add_get(f"{CONTROL}/stats", network.show_stats)
    app.router.add_get(f"{CONTROL}/found", network.show_found)
    app.router.add_post(f"{CONTROL}/reset", network.reset)
    app.router.add_post(f"{CONTROL}/publish", network.publish)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    for host in range(1, spec.hosts + 1):
        site = web.TCPSite(runner, f"127.0.0.{host}", 0, backlog=2048)
        await site.start()
        network.ports[host] = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    ports_out.send(network.ports)
    await asyncio.Event().wait()


def _main(spec: NetworkSpec, ports_out: Connection) -> None:
    asyncio.run(_serve(spec, ports_out))


class NetworkProcess:
    """The fixture network running in a child process until `stop`."""

    def __init__(self, spec: NetworkSpec) -> None:
        if not 1 <= spec.hosts <= 254:
            raise ValueError(f"hosts must be between 1 and 254, not {spec.hosts}")
        self.spec = spec
        receive, send = mp.get_context("spawn").Pipe(duplex=False)
        self._process = mp.get_context("spawn").Process(
            target=_main, args=(spec, send), daemon=True)
        self._process.start()
        if not receive.poll(60):
            self.stop()
            raise RuntimeError("the fixture network did not start within 60 s")
        self.ports: dict[int, int] = receive.recv()

    def site(self, feed: int) -> str:
        host = 1 + feed % self.spec.hosts
        return f"http://127.0.0.{host}:{self.ports[host]}"

    def feed_url(self, feed: int) -> str:
        return f"{self.site(feed)}/feeds/{feed}.xml"

    @property
    def control(self) -> str:
        return f"http://127.0.0.1:{self.ports[1]}{CONTROL}"

    def describe(self) -> dict[str, object]:
        return asdict(self.spec)

    def stop(self) -> None:
        self._process.terminate()
        self._process.join(10)
