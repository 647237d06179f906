"""A running sample network and an HTTP session for every test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest

from newsdesk.demo import SampleNetwork


@pytest.fixture
async def network() -> AsyncIterator[SampleNetwork]:
    net = SampleNetwork(port=0)
    await net.start()
    try:
        yield net
    finally:
        await net.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


Fetch = Callable[..., Awaitable[tuple[int, str]]]


@pytest.fixture
def fetch(http: aiohttp.ClientSession) -> Fetch:
    """``await fetch(url, **headers)`` gives the status and body text of a GET."""

    async def get(url: str, **headers: str) -> tuple[int, str]:
        async with http.get(url, headers=headers) as response:
            return response.status, await response.text()

    return get
