"""robots.txt rules and per-host limits, seen from the server's side."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import replace

import pytest
from aiohttp import web

from newsdesk.fetch import Fetcher, FetchError

from .conftest import LOCAL, TESTDATA, Serve, app_with

POLITE = replace(LOCAL, respect_robots=True)


class _Newsroom:
    """A site that logs what it is asked for, and when."""

    def __init__(self, robots: web.Response | None) -> None:
        self.robots = robots
        self.log: list[tuple[str, float]] = []

    def app(self) -> web.Application:
        return app_with({"/robots.txt": self._robots, "/{tail:.*}": self._page})

    async def _robots(self, request: web.Request) -> web.Response:
        self.log.append((request.path, time.monotonic()))
        if self.robots is None:
            raise web.HTTPNotFound()
        return self.robots

    async def _page(self, request: web.Request) -> web.Response:
        self.log.append((request.path, time.monotonic()))
        return web.Response(text=f"page {request.path}")

    def paths(self) -> list[str]:
        return [path for path, _ in self.log]


def _robots_file() -> web.Response:
    return web.Response(text=(TESTDATA / "robots_disallow_private.txt").read_text())


async def test_disallowed_path_is_refused_and_never_requested(serve: Serve) -> None:
    site = _Newsroom(_robots_file())
    base = await serve(site.app())
    async with Fetcher(POLITE) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/private/salaries")
        # Our own group allows /drafts/ (only the * group disallows it).
        assert (await fetcher.fetch(base + "/drafts/ferry")).status == 200
    assert caught.value.reason == "robots"
    assert "robots.txt disallows it for 'newsdesk/0.1" in str(caught.value)
    assert site.paths() == ["/robots.txt", "/drafts/ferry"]  # robots.txt fetched once


async def test_generic_group_applies_to_other_agents(serve: Serve) -> None:
    site = _Newsroom(_robots_file())
    base = await serve(site.app())
    async with Fetcher(replace(POLITE, user_agent="otherbot/2.0")) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/drafts/ferry")
    assert caught.value.reason == "robots"


async def test_crawl_delay_spaces_requests(serve: Serve) -> None:
    site = _Newsroom(_robots_file())  # Crawl-delay: 1 for newsdesk
    base = await serve(site.app())
    async with Fetcher(POLITE) as fetcher:
        await fetcher.fetch(base + "/one")
        await fetcher.fetch(base + "/two")
    times = dict(site.log)
    # A politeness floor, not a speed measurement: the second page waited for the first.
    assert times["/two"] - times["/one"] >= 0.95


@pytest.mark.parametrize(
    "robots", [None, web.Response(status=500, text="oops")], ids=["404", "500"]
)
async def test_missing_or_broken_robots_allows_everything(
    serve: Serve, robots: web.Response | None
) -> None:
    site = _Newsroom(robots)
    base = await serve(site.app())
    async with Fetcher(POLITE) as fetcher:
        result = await fetcher.fetch(base + "/private/salaries")
    assert result.status == 200
    assert site.paths() == ["/robots.txt", "/private/salaries"]


async def test_per_host_concurrency_is_respected(serve: Serve) -> None:
    in_flight = 0
    peak = 0

    async def slow(_request: web.Request) -> web.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return web.Response(text="ok")

    base = await serve(app_with({"/{n}": slow}))
    settings = replace(LOCAL, per_host_concurrency=2)
    async with Fetcher(settings) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(f"{base}/{n}") for n in range(10)))
    assert all(r.status == 200 for r in results)
    assert peak == 2


async def test_per_host_delay_spaces_request_starts(serve: Serve) -> None:
    starts: list[float] = []

    async def page(_request: web.Request) -> web.Response:
        starts.append(time.monotonic())
        return web.Response(text="ok")

    base = await serve(app_with({"/{n}": page}))
    settings = replace(LOCAL, per_host_concurrency=4, per_host_delay=0.1)
    async with Fetcher(settings) as fetcher:
        await asyncio.gather(*(fetcher.fetch(f"{base}/{n}") for n in range(4)))
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert all(gap >= 0.09 for gap in gaps)
