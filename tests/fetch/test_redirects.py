"""Redirects are followed by hand, counted, and a loop ends with a clear error."""

from __future__ import annotations

from dataclasses import replace

import pytest
from aiohttp import web

from newsdesk.fetch import Fetcher, FetchError

from .conftest import LOCAL, Serve, app_with


def _hop(status: int, target: str):
    async def handler(_request: web.Request) -> web.Response:
        return web.Response(status=status, headers={"Location": target})

    return handler


async def _article(_request: web.Request) -> web.Response:
    return web.Response(text="Solka ferry back in service", content_type="text/plain")


async def test_redirect_chain_within_limit_is_followed(serve: Serve) -> None:
    base = await serve(
        app_with(
            {
                "/a": _hop(301, "/b"),  # relative
                "/b": _hop(302, "c"),  # relative to /b
                "/c": _hop(307, "/d"),
                "/d": _hop(308, "/final"),
                "/final": _article,
            }
        )
    )
    async with Fetcher(replace(LOCAL, max_redirects=4)) as fetcher:
        result = await fetcher.fetch(base + "/a")
    assert result.status == 200
    assert result.url == base + "/a"
    assert result.final_url == base + "/final"
    assert result.text() == "Solka ferry back in service"


async def test_one_redirect_too_many_is_refused(serve: Serve) -> None:
    base = await serve(app_with({"/a": _hop(301, "/b"), "/b": _hop(301, "/c"), "/c": _article}))
    async with Fetcher(replace(LOCAL, max_redirects=1)) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/a")
    assert caught.value.reason == "redirects"
    assert "more than 1 times" in str(caught.value)


async def test_endless_redirect_loop_is_refused(serve: Serve) -> None:
    base = await serve(app_with({"/ping": _hop(302, "/pong"), "/pong": _hop(302, "/ping")}))
    async with Fetcher(LOCAL) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/ping")
    assert caught.value.reason == "redirects"
    assert caught.value.url == base + "/ping"
    assert "in a loop" in str(caught.value)


async def test_redirect_to_another_scheme_is_refused(serve: Serve) -> None:
    base = await serve(app_with({"/a": _hop(302, "ftp://files.solka.example/a")}))
    async with Fetcher(LOCAL) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/a")
    assert caught.value.reason == "bad_url"


async def test_redirect_without_location_is_a_status_error(serve: Serve) -> None:
    async def broken(_request: web.Request) -> web.Response:
        return web.Response(status=302)

    base = await serve(app_with({"/a": broken}))
    async with Fetcher(LOCAL) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/a")
    assert (caught.value.reason, caught.value.status) == ("http_status", 302)
