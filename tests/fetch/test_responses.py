"""Statuses, conditional GET, Retry-After, headers and content encodings."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import brotli
import pytest
from aiohttp import web

from newsdesk.fetch import Fetcher, FetchError

from .conftest import LOCAL, Serve, app_with

ETAG = '"solka-herald-v7"'
LAST_MODIFIED = "Tue, 03 Mar 2026 08:00:00 GMT"
FEED = b"<rss version='2.0'><channel><title>The Solka Herald</title></channel></rss>"


async def _feed(request: web.Request) -> web.Response:
    if request.headers.get("If-None-Match") == ETAG:
        return web.Response(status=304, headers={"ETag": ETAG})
    if request.headers.get("If-Modified-Since") == LAST_MODIFIED:
        return web.Response(status=304)
    headers = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED, "X-Outlet": "Solka Herald"}
    return web.Response(body=FEED, content_type="application/rss+xml", headers=headers)


async def test_200_returns_body_and_lower_cased_headers(serve: Serve) -> None:
    base = await serve(app_with({"/feed": _feed}))
    async with Fetcher(LOCAL) as fetcher:
        result = await fetcher.fetch(base + "/feed")
    assert (result.status, result.body) == (200, FEED)
    assert result.url == result.final_url == base + "/feed"
    assert result.headers["etag"] == ETAG
    assert result.headers["x-outlet"] == "Solka Herald"
    assert result.content_type == "application/rss+xml"
    assert result.charset == "utf-8"


@pytest.mark.parametrize(
    ("etag", "last_modified"), [(ETAG, None), (None, LAST_MODIFIED)], ids=["etag", "date"]
)
async def test_conditional_get_gives_304_with_empty_body(
    serve: Serve, etag: str | None, last_modified: str | None
) -> None:
    base = await serve(app_with({"/feed": _feed}))
    async with Fetcher(LOCAL) as fetcher:
        result = await fetcher.fetch(base + "/feed", etag=etag, last_modified=last_modified)
    assert result.status == 304
    assert result.not_modified
    assert result.body == b""


async def test_request_headers_identify_us_and_offer_compression(serve: Serve) -> None:
    seen: dict[str, str] = {}

    async def echo(request: web.Request) -> web.Response:
        seen.update(request.headers)
        return web.Response(text="ok")

    base = await serve(app_with({"/": echo}))
    async with Fetcher(LOCAL) as fetcher:
        await fetcher.fetch(base + "/", accept="application/feed+json")
    assert seen["Accept"] == "application/feed+json"
    assert seen["User-Agent"] == LOCAL.user_agent
    assert {"gzip", "deflate", "br"} <= {e.strip() for e in seen["Accept-Encoding"].split(",")}
    assert "If-None-Match" not in seen and "If-Modified-Since" not in seen


def _status_route(status: int, headers: dict[str, str]):
    async def handler(_request: web.Request) -> web.Response:
        return web.Response(status=status, text="busy", headers=headers)

    return handler


async def test_429_with_retry_after_seconds(serve: Serve) -> None:
    base = await serve(app_with({"/": _status_route(429, {"Retry-After": "120"})}))
    async with Fetcher(LOCAL) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/")
    error = caught.value
    assert (error.reason, error.status, error.retry_after) == ("http_status", 429, 120.0)
    assert error.headers["retry-after"] == "120"
    assert "HTTP 429" in str(error) and "wait 120 s" in str(error)


async def test_503_with_retry_after_http_date(serve: Serve) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(minutes=10), usegmt=True)
    base = await serve(app_with({"/": _status_route(503, {"Retry-After": when})}))
    async with Fetcher(LOCAL) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/")
    assert caught.value.status == 503
    assert caught.value.retry_after is not None
    assert 500 < caught.value.retry_after <= 600


async def test_500_is_an_http_status_error(serve: Serve) -> None:
    base = await serve(app_with({"/": _status_route(500, {"X-Trace": "abc"})}))
    async with Fetcher(LOCAL) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/")
    error = caught.value
    assert (error.reason, error.status, error.retry_after) == ("http_status", 500, None)
    assert error.headers["x-trace"] == "abc"
    assert str(error).startswith(f"fetching {base}/ failed with HTTP 500")


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [("gzip", gzip.compress), ("deflate", zlib.compress), ("br", brotli.compress)],
)
async def test_compressed_bodies_are_decoded(serve: Serve, encoding: str, compress) -> None:
    text = "Ferry to Zarechny runs again after the Solka flood. " * 50

    async def handler(_request: web.Request) -> web.Response:
        return web.Response(
            body=compress(text.encode()),
            headers={"Content-Encoding": encoding, "Content-Type": "text/plain; charset=utf-8"},
        )

    base = await serve(app_with({"/": handler}))
    async with Fetcher(LOCAL) as fetcher:
        result = await fetcher.fetch(base + "/")
    assert result.text() == text
