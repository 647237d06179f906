"""The t.me/s-style channel preview page: markup, links, photos and ?before= paging."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime

import aiohttp
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode

from newsdesk.demo import SampleNetwork

Fetch = Callable[..., Awaitable[tuple[int, str]]]
PAGE_SIZE = 5
SEEDED_POSTS = 6


def channel_url(network: SampleNetwork) -> str:
    return next(s.url for s in network.sources if s.kind == "telegram")


def posts(html: str) -> list[LexborNode]:
    return HTMLParser(html).css(".tgme_widget_message_wrap > .tgme_widget_message")


def post_id(post: LexborNode) -> int:
    channel, number = (post.attributes["data-post"] or "").split("/")
    assert channel == "lanterndaily"
    return int(number)


async def test_channel_page_has_the_real_preview_markup(
    network: SampleNetwork, fetch: Fetch
) -> None:
    status, html = await fetch(channel_url(network))
    assert status == 200
    page = posts(html)
    assert len(page) == PAGE_SIZE
    ids = [post_id(p) for p in page]
    assert ids == sorted(ids), "newest post last, as on t.me/s"
    for post in page:
        assert post.css_first(".tgme_widget_message_text") is not None
        time = post.css_first("a.tgme_widget_message_date time")
        assert time is not None
        assert datetime.fromisoformat(time.attributes["datetime"] or "").tzinfo is not None


async def test_posts_link_to_articles_that_exist(network: SampleNetwork, fetch: Fetch) -> None:
    _, html = await fetch(channel_url(network))
    for post in posts(html):
        links = [a.attributes["href"] or "" for a in post.css(".tgme_widget_message_text a")]
        articles = [u for u in links if u.startswith(network.base_url)]
        assert articles, "each post links to an agency or Lantern article"
        for url in articles:
            assert re.search(r"/(meridian|lantern)/", url)
            assert (await fetch(url))[0] == 200


async def test_photo_posts_point_at_a_served_image(network: SampleNetwork, fetch: Fetch,
                                                   http: aiohttp.ClientSession) -> None:
    _, html = await fetch(channel_url(network))
    wraps = HTMLParser(html).css("a.tgme_widget_message_photo_wrap")
    assert wraps
    for wrap in wraps:
        match = re.search(r"background-image:url\('([^']+)'\)", wrap.attributes["style"] or "")
        assert match is not None
        async with http.get(match.group(1)) as response:
            assert response.status == 200 and response.content_type.startswith("image/")


async def test_before_pages_back_to_the_oldest_post(network: SampleNetwork, fetch: Fetch) -> None:
    url, seen = channel_url(network), []
    while url:
        _, html = await fetch(url)
        seen = [post_id(p) for p in posts(html)] + seen
        more = HTMLParser(html).css_first("a.tme_messages_more")
        url = f"{channel_url(network)}?before={more.attributes['data-before']}" if more else ""
    assert len(seen) == SEEDED_POSTS
    assert seen == sorted(set(seen))


async def test_bad_before_value_is_refused(network: SampleNetwork, fetch: Fetch) -> None:
    assert (await fetch(channel_url(network) + "?before=latest"))[0] == 400


async def test_publishing_adds_a_post_at_the_bottom(network: SampleNetwork, fetch: Fetch) -> None:
    _, before = await fetch(channel_url(network))
    newest = post_id(posts(before)[-1])
    assert await network.publish_next()  # the first held-back story has a Telegram post
    _, after = await fetch(channel_url(network))
    assert post_id(posts(after)[-1]) == newest + 1
