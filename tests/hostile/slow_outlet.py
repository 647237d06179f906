"""An outlet whose article pages answer slowly, so a poll is still busy when a test signals
or kills it. Every article is invented: a town, a number, a few sentences."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web

from tests.hostile.servers import HostileSite

TOWNS = ["Velmora", "Osterholm", "Kardessa", "Linwater", "Marrow Bay", "Tessaly", "Brunn",
         "Ebberton", "Quillan", "Rastow"]


def article_page(n: int) -> str:
    town = TOWNS[n % len(TOWNS)]
    paragraphs = [
        f"The council of {town} approved plan number {n} for the harbour district on Monday,"
        f" after a debate that ran late into the evening in the old town hall.",
        f"Residents of {town} said plan {n} would bring {n * 3 + 7} new ferry berths and a"
        f" covered market beside the quay before the winter storms.",
        f"The work on plan {n} is paid from the port fund, the treasurer told reporters, and"
        f" will be reviewed by the regional office in {TOWNS[(n + 3) % len(TOWNS)]} in March.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html lang='en'><head><title>Plan {n} for {town}</title></head>"
            f"<body><article><h1>Plan {n} approved in {town}</h1>{body}</article></body></html>")


def publish(site: HostileSite, count: int, delay_s: float) -> list[str]:
    """A feed of ``count`` articles whose pages each take ``delay_s`` to answer."""
    urls = [site.url(f"/news/{n}") for n in range(1, count + 1)]
    items = "".join(f"<item><title>Plan {n}</title><link>{url}</link><guid>plan-{n}</guid>"
                    f"</item>" for n, url in enumerate(urls, start=1))
    site.page("/feed.xml", f"<rss version='2.0'><channel><title>Slow Harbour Post</title>"
              f"{items}</channel></rss>", "application/rss+xml")

    def slow(n: int) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handle(_request: web.Request) -> web.Response:
            await asyncio.sleep(delay_s)
            return web.Response(text=article_page(n), content_type="text/html")
        return handle

    for n in range(1, count + 1):
        site.handlers[f"/news/{n}"] = slow(n)
    return urls
