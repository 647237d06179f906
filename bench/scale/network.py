"""An invented news network on loopback addresses, for the worker tests and the scale bench.

Outlet ``n`` lives at its own address ``127.0.0.<n + 2>`` (all of 127/8 is loopback on Linux),
so the fetcher's per-host politeness paces each outlet separately, as on the real web. Each
outlet serves one RSS feed at ``/feed.xml`` listing ``items`` articles, and each article page
has its own generated text, so no two articles are copies of one another.
"""

from __future__ import annotations

import asyncio
import functools
import random
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from html import escape

import wordfreq
from aiohttp import web

_PUBLISHED = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)


@functools.cache
def _words() -> list[str]:
    # common words, so the repair stage finds the text clean, as it finds most real news
    return [w for w in wordfreq.top_n_list("en", 3000)[200:] if w.isalpha() and len(w) > 2]


def article_text(outlet: int, item: int, *, paragraphs: int = 5) -> tuple[str, list[str]]:
    """The title and paragraphs of one invented article; the same for the same numbers."""
    rng = random.Random(f"article:{outlet}:{item}")
    words = _words()
    title = " ".join(rng.choice(words) for _ in range(7)).capitalize()
    body = []
    for _ in range(paragraphs):
        sentences = [
            " ".join(rng.choice(words) for _ in range(rng.randint(10, 18))).capitalize() + "."
            for _ in range(3)
        ]
        body.append(" ".join(sentences))
    return title, body


class NewsNetwork:
    """``outlets`` outlets of ``items`` articles each, served from a thread until `stop`.

    ``feed_hits[n]`` holds the wall-clock times (``time.time()``) at which outlet ``n``'s feed
    was requested, so a test can check that each source was polled on time.
    """

    def __init__(self, outlets: int, items: int) -> None:
        if not 1 <= outlets <= 250:
            raise ValueError(f"outlets must be between 1 and 250, not {outlets}")
        self.outlets = outlets
        self.items = items
        self.feed_hits: dict[int, list[float]] = defaultdict(list)
        self.page_hits = 0
        self._ports: dict[int, int] = {}
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("the news network did not start within 30 s")
        if self._failed:
            raise RuntimeError(f"the news network could not start: {self._failed}")

    def host(self, outlet: int) -> str:
        return f"127.0.0.{outlet + 2}:{self._ports[outlet]}"

    def feed_url(self, outlet: int) -> str:
        return f"http://{self.host(outlet)}/feed.xml"

    def article_url(self, outlet: int, item: int) -> str:
        return f"http://{self.host(outlet)}/news/{item}.html"

    def article_urls(self) -> set[str]:
        return {self.article_url(o, i) for o in range(self.outlets) for i in range(self.items)}

    def stop(self) -> None:
        async def close() -> None:
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _outlet_of(self, request: web.Request) -> int:
        return int((request.url.host or "").rsplit(".", 1)[-1]) - 2

    async def _feed(self, request: web.Request) -> web.Response:
        outlet = self._outlet_of(request)
        self.feed_hits[outlet].append(time.time())
        entries = []
        for item in range(self.items):
            title, body = article_text(outlet, item)
            when = (_PUBLISHED + timedelta(minutes=item)).strftime("%a, %d %b %Y %H:%M:%S +0000")
            url = self.article_url(outlet, item)
            entries.append(
                f"<item><title>{escape(title)}</title><link>{url}</link>"
                f"<guid>{url}</guid><pubDate>{when}</pubDate>"
                f"<description>{escape(body[0][:120])}</description></item>"
            )
        xml = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Outlet {outlet}</title><link>http://{self.host(outlet)}/</link>"
            f"<description>Invented outlet {outlet}</description>{''.join(entries)}"
            "</channel></rss>"
        )
        return web.Response(body=xml.encode(), content_type="application/rss+xml")

    async def _article(self, request: web.Request) -> web.Response:
        outlet = self._outlet_of(request)
        item = int(request.match_info["item"])
        if not 0 <= item < self.items:
            raise web.HTTPNotFound()
        self.page_hits += 1
        title, body = article_text(outlet, item)
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body)
        html = (
            f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title></head><body><nav><a href=\"/\">Home</a></nav>"
            f"<article><h1>{escape(title)}</h1>{paragraphs}</article>"
            "<footer>Invented outlet</footer></body></html>"
        )
        return web.Response(text=html, content_type="text/html")

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._start())
        except BaseException as exc:  # reported to the constructor, which raises
            self._failed = exc
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/feed.xml", self._feed)
        app.router.add_get("/news/{item}.html", self._article)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        for outlet in range(self.outlets):
            site = web.TCPSite(self._runner, f"127.0.0.{outlet + 2}", 0)
            await site.start()
            self._ports[outlet] = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
