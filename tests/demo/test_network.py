"""SampleNetwork's life cycle: seeding, publish_next, errors and the stand-alone runner."""

from __future__ import annotations

import asyncio
import sys
import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable

import pytest

from newsdesk.demo import DemoError, SampleNetwork

Fetch = Callable[..., Awaitable[tuple[int, str]]]
HELD_BACK = 3
# The first held-back story: the agency's original, a Lantern copy, a post and a Harbor rewrite.
FIRST_HELD = "greywater-bank-wind-farm"


async def count_items(network: SampleNetwork, fetch: Fetch) -> dict[str, int]:
    """Items per source: feed items/entries, sitemap URLs, posts on the channel's first page."""
    counts = {}
    for source in network.sources:
        _, body = await fetch(source.url)
        if source.kind == "feed":
            root = ET.fromstring(body)
            counts[source.name] = len(root.findall("./channel/item")) + len(
                root.findall("{http://www.w3.org/2005/Atom}entry")
            )
        elif source.kind == "sitemap":
            counts[source.name] = body.count("<url>")
        elif source.kind == "telegram":
            counts[source.name] = body.count('class="tgme_widget_message_wrap')
    return counts


async def test_held_back_stories_wait_for_publish_next(
    network: SampleNetwork, fetch: Fetch
) -> None:
    url = f"{network.base_url}/meridian/economy/{FIRST_HELD}/"
    assert network.pending() == HELD_BACK
    assert (await fetch(url))[0] == 404
    assert await network.publish_next()
    assert network.pending() == HELD_BACK - 1
    assert (await fetch(url))[0] == 200


async def test_publish_next_adds_the_story_to_every_outlet_that_carries_it(
    network: SampleNetwork, fetch: Fetch
) -> None:
    before = await count_items(network, fetch)
    await network.publish_next()
    after = await count_items(network, fetch)
    assert after["Meridian Press Agency"] == before["Meridian Press Agency"] + 1
    assert after["The Lantern Daily"] == before["The Lantern Daily"] + 1
    assert after["Harbor Wire"] == before["Harbor Wire"] + 1
    _, feed = await fetch(network.sources[0].url)
    assert FIRST_HELD in ET.fromstring(feed).findtext("./channel/item/link", "")


async def test_publish_next_returns_false_when_nothing_is_left(network: SampleNetwork) -> None:
    results = [await network.publish_next() for _ in range(HELD_BACK + 1)]
    assert results == [True] * HELD_BACK + [False]
    assert network.pending() == 0


async def test_seed_count_zero_starts_with_empty_sources(fetch: Fetch) -> None:
    async with SampleNetwork(seed_count=0) as network:
        assert set((await count_items(network, fetch)).values()) == {0}
        assert await network.publish_next()
        assert (await count_items(network, fetch))["Meridian Press Agency"] == 1


def test_seed_count_out_of_range_is_a_demo_error() -> None:
    with pytest.raises(DemoError, match="seed_count"):
        SampleNetwork(seed_count=1000)


def test_address_is_unknown_before_start() -> None:
    with pytest.raises(DemoError, match="start"):
        _ = SampleNetwork().base_url


async def test_taken_port_is_a_demo_error(network: SampleNetwork) -> None:
    port = int(network.base_url.rsplit(":", 1)[1])
    with pytest.raises(DemoError, match="Cannot serve"):
        await SampleNetwork(port=port).start()


async def test_stop_can_be_called_twice() -> None:
    network = SampleNetwork()
    await network.start()
    await network.stop()
    await network.stop()


async def test_runner_serves_and_publishes_on_its_own(fetch: Fetch) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "newsdesk.demo.network", "--port", "0", "--interval", "0.1",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        first = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        base_url = first.split(" at ", 1)[1].strip().rstrip("/")
        assert (await fetch(base_url + "/meridian/rss.xml"))[0] == 200
        while "Published" not in (await asyncio.wait_for(process.stdout.readline(), 30)).decode():
            pass
    finally:
        process.terminate()
        await process.wait()
