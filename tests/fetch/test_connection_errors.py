"""Failures before any HTTP: refused connections and names that do not resolve."""

from __future__ import annotations

import pytest

from newsdesk.fetch import Fetcher, FetchError, FetchSettings

from .conftest import LOCAL


async def test_connection_refused(closed_port_url: str) -> None:
    async with Fetcher(LOCAL) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(closed_port_url)
    assert caught.value.reason == "connect"
    assert str(caught.value).startswith(f"could not fetch {closed_port_url}: the connection")


@pytest.mark.parametrize("allow_private", [True, False], ids=["plain", "guarded"])
async def test_unresolvable_name_is_a_dns_error(allow_private: bool) -> None:
    url = "http://newsroom.solka.invalid/feed"
    settings = FetchSettings(allow_private=allow_private, respect_robots=False)
    async with Fetcher(settings) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(url)
    assert caught.value.reason == "dns"
    assert "'newsroom.solka.invalid' could not be resolved" in str(caught.value)


async def test_unresolvable_name_with_robots_on_is_still_a_dns_error() -> None:
    async with Fetcher(FetchSettings(per_host_delay=0.0)) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch("https://newsroom.solka.invalid/feed")
    assert caught.value.reason == "dns"


async def test_using_a_closed_fetcher_is_a_clear_error() -> None:
    fetcher = Fetcher(LOCAL)
    with pytest.raises(RuntimeError, match="async with Fetcher"):
        await fetcher.fetch("http://solka.example/")
