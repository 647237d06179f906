"""Size limits and timeouts: no server can make us read forever or wait forever."""

from __future__ import annotations

import asyncio
import gzip
from dataclasses import replace

import pytest
from aiohttp import web

from newsdesk.fetch import Fetcher, FetchError

from .conftest import LOCAL, Serve, app_with

SMALL = replace(LOCAL, max_bytes=1000)
QUICK = replace(LOCAL, connect_timeout=1.0, read_timeout=0.3, total_timeout=1.0)


async def test_content_length_over_limit_is_refused_up_front(serve: Serve) -> None:
    async def big(_request: web.Request) -> web.Response:
        return web.Response(body=b"x" * 5000)

    base = await serve(app_with({"/": big}))
    async with Fetcher(SMALL) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/")
    assert caught.value.reason == "too_large"
    assert "1,000 byte limit" in str(caught.value)


async def test_chunked_body_over_limit_is_cut_off(serve: Serve) -> None:
    sent: list[int] = []

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()  # no Content-Length: chunked
        await response.prepare(request)
        for _ in range(1000):
            await response.write(b"y" * 400)
            sent.append(400)
        await response.write_eof()
        return response

    base = await serve(app_with({"/": endless}))
    async with Fetcher(SMALL) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/")
    assert caught.value.reason == "too_large"


async def test_compression_bomb_is_cut_off_by_decoded_size(serve: Serve) -> None:
    bomb = gzip.compress(b"\0" * 1_000_000)  # about 1 KB on the wire, 1 MB decoded

    async def handler(_request: web.Request) -> web.Response:
        return web.Response(body=bomb, headers={"Content-Encoding": "gzip"})

    base = await serve(app_with({"/": handler}))
    async with Fetcher(replace(LOCAL, max_bytes=100_000)) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/")
    assert caught.value.reason == "too_large"


async def test_body_at_the_limit_is_accepted(serve: Serve) -> None:
    async def exact(_request: web.Request) -> web.Response:
        return web.Response(body=b"z" * 1000)

    base = await serve(app_with({"/": exact}))
    async with Fetcher(SMALL) as fetcher:
        result = await fetcher.fetch(base + "/")
    assert len(result.body) == 1000


async def test_trickling_server_is_cut_off_by_total_timeout(serve: Serve) -> None:
    # One byte every 0.1 s never trips the 0.3 s read timeout; only the total one can end it.
    async def trickle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        for _ in range(600):
            await response.write(b".")
            await asyncio.sleep(0.1)
        return response

    base = await serve(app_with({"/": trickle}))
    async with Fetcher(QUICK) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/")
    assert caught.value.reason == "timeout"
    assert "total timeout of 1 s" in str(caught.value)


async def test_server_that_never_answers_hits_read_timeout(silent_server: str) -> None:
    async with Fetcher(QUICK) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(silent_server + "/")
    assert caught.value.reason == "timeout"
    assert "read (time between bytes) timeout of 0.3 s" in str(caught.value)
