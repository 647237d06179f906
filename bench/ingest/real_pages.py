"""A news network of real public pages (`bench.ingest.real_corpus`), served on loopback hosts.

Outlet ``k`` (a fundus publisher, or a share of the readability test pages) lives on host
``127.0.0.<1 + k % 254>``, as the invented network's feeds do, so the fetcher's per-host
politeness sees one site per outlet. Routes, like `bench.ingest.network`'s:

- ``/<k>/feed.xml``: RSS 2.0, the outlet's pages newest first (title from fundus's parsed
  json or the page, link and guid the page's URL on this host, summary where known); it
  carries an ``ETag`` and a ``Last-Modified`` and answers conditional requests with 304;
- ``/<k>/<slug>.html``: the page as it was crawled, gzip-compressed when the client accepts
  it (aiohttp does, urllib does not), as a web server would send it;
- ``/robots.txt``: allows everything;
- ``/_control/stats`` (GET), ``/_control/reset`` (POST): request counters.

The corpora are read in the server's own process at start-up, so neither the measured
processes nor the benchmark's parent hold them.
"""

from __future__ import annotations

import asyncio
import gzip
import multiprocessing as mp
import time
from collections import Counter
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from aiohttp import web
from bench.ingest.network import CONTROL, not_modified
from bench.ingest.real_corpus import Outlet, load

MAX_HOSTS = 254
START_TIMEOUT_S = 300.0


@dataclass(frozen=True, slots=True)
class RealPagesSpec:
    """Where the corpora are (None: leave that one out) and how to deal readability's pages."""

    fundus: Path | None
    readability: Path | None
    readability_feeds: int = 4


def _host(outlet: int) -> int:
    return 1 + outlet % MAX_HOSTS


class _Network:
    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets
        self.ports: dict[int, int] = {}
        self.stats: Counter[str] = Counter()
        self._feeds: dict[int, bytes] = {}

    def site(self, outlet: int) -> str:
        host = _host(outlet)
        return f"http://127.0.0.{host}:{self.ports[host]}"

    def _outlet(self, request: web.Request) -> tuple[int, Outlet]:
        text = request.match_info["outlet"]
        if not text.isdigit() or int(text) >= len(self.outlets):
            raise web.HTTPNotFound()
        return int(text), self.outlets[int(text)]

    def _feed_body(self, number: int) -> bytes:
        if number not in self._feeds:
            self._feeds[number] = _feed_xml(self.outlets[number], self.site(number), number)
        return self._feeds[number]

    async def feed(self, request: web.Request) -> web.Response:
        number, outlet = self._outlet(request)
        self.stats["feed_requests"] += 1
        modified = max(p.published for p in outlet.pages)
        etag = f'"outlet-{number}-{len(outlet.pages)}"'
        headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True)}
        if not_modified(request, etag, modified):
            self.stats["not_modified"] += 1
            return web.Response(status=304, headers=headers)
        return web.Response(body=self._feed_body(number), headers=headers,
                            content_type="application/rss+xml", charset="utf-8")

    async def page(self, request: web.Request) -> web.Response:
        _, outlet = self._outlet(request)
        slug = request.match_info["slug"]
        page = next((p for p in outlet.pages if p.slug == slug), None)
        if page is None:
            raise web.HTTPNotFound()
        self.stats["page_requests"] += 1
        # no charset: the page says its own, as many real servers leave it
        headers = {"Content-Type": "text/html", "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            return web.Response(body=page.body, headers={**headers, "Content-Encoding": "gzip"})
        return web.Response(body=gzip.decompress(page.body), headers=headers)

    async def robots(self, _request: web.Request) -> web.Response:
        self.stats["robots_requests"] += 1
        return web.Response(text="User-agent: *\nDisallow:\n")

    async def show_stats(self, _request: web.Request) -> web.Response:
        return web.json_response(dict(self.stats))

    async def reset(self, _request: web.Request) -> web.Response:
        self.stats.clear()
        return web.json_response({})


def _feed_xml(outlet: Outlet, site: str, number: int) -> bytes:
    """The outlet's RSS 2.0 document, newest page first."""
    items = "".join(
        f"<item><title>{escape(p.title)}</title>"
        f"<link>{site}/{number}/{p.slug}.html</link>"
        f'<guid isPermaLink="true">{site}/{number}/{p.slug}.html</guid>'
        f"<pubDate>{format_datetime(p.published)}</pubDate>"
        f"<description>{escape(p.summary)}</description></item>\n"
        for p in outlet.pages
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(outlet.name)}</title><link>{site}/</link>"
        f"<description>{escape(outlet.name)}, from the {outlet.corpus} corpus</description>\n"
        f"{items}</channel></rss>\n"
    ).encode()


async def _serve(spec: RealPagesSpec, out: Connection) -> None:
    outlets, missing = load(spec.fundus, spec.readability, spec.readability_feeds)
    network = _Network(outlets)
    app = web.Application()
    app.router.add_get("/robots.txt", network.robots)
    app.router.add_get(f"{CONTROL}/stats", network.show_stats)
    app.router.add_post(f"{CONTROL}/reset", network.reset)
    app.router.add_get("/{outlet}/feed.xml", network.feed)
    app.router.add_get("/{outlet}/{slug}.html", network.page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    for host in sorted({_host(n) for n in range(len(outlets))} | {1}):
        site = web.TCPSite(runner, f"127.0.0.{host}", 0, backlog=2048)
        await site.start()
        network.ports[host] = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    out.send({"ports": network.ports, "missing": missing,
              "outlets": [_describe(outlet) for outlet in outlets]})
    await asyncio.Event().wait()


def _describe(outlet: Outlet) -> dict[str, Any]:
    return {"name": outlet.name, "corpus": outlet.corpus, "pages": len(outlet.pages),
            "bytes": sum(len(gzip.decompress(p.body)) for p in outlet.pages)}


def _main(spec: RealPagesSpec, out: Connection) -> None:
    asyncio.run(_serve(spec, out))


class RealPagesProcess:
    """The real-page network running in a child process until `stop`."""

    def __init__(self, spec: RealPagesSpec) -> None:
        self.spec = spec
        receive, send = mp.get_context("spawn").Pipe(duplex=False)
        self._process = mp.get_context("spawn").Process(
            target=_main, args=(spec, send), daemon=True)
        self._process.start()
        started = self._started(receive)
        self.ports: dict[int, int] = started["ports"]
        self.missing: list[str] = started["missing"]  # how to fetch each corpus not found
        self.outlets: list[dict[str, Any]] = started["outlets"]

    def _started(self, receive: Connection) -> dict[str, Any]:
        """What the server sends once it listens; reading the corpora takes a few seconds."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while not receive.poll(1):
            if not self._process.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the real-page network did not start (exit code"
                                   f" {self._process.exitcode})")
        started: dict[str, Any] = receive.recv()
        return started

    def feed_url(self, outlet: int) -> str:
        host = _host(outlet)
        return f"http://127.0.0.{host}:{self.ports[host]}/{outlet}/feed.xml"

    @property
    def feed_urls(self) -> list[str]:
        return [self.feed_url(n) for n in range(len(self.outlets))]

    @property
    def control(self) -> str:
        return f"http://127.0.0.1:{self.ports[1]}{CONTROL}"

    def describe(self) -> dict[str, Any]:
        """Outlets, pages and uncompressed bytes, by corpus; and the corpora not found."""
        corpora: dict[str, dict[str, int]] = {}
        for outlet in self.outlets:
            counts = corpora.setdefault(outlet["corpus"], {"outlets": 0, "pages": 0, "bytes": 0})
            counts["outlets"] += 1
            counts["pages"] += outlet["pages"]
            counts["bytes"] += outlet["bytes"]
        return {"corpora": corpora, "hosts": len({_host(n) for n in range(len(self.outlets))}),
                "missing": self.missing}

    def stop(self) -> None:
        self._process.terminate()
        self._process.join(10)
