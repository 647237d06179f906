"""The agency's RSS, the Lantern's Atom and Harbor Wire's news sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable
from email.utils import parsedate_to_datetime

import aiohttp

from newsdesk.demo import SampleNetwork

Fetch = Callable[..., Awaitable[tuple[int, str]]]

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# With the default seed (all but three of the bundled stories), each outlet carries:
SEEDED = {"meridian": 8, "lantern": 6, "harbor": 6}


def source_url(network: SampleNetwork, kind: str, name_part: str) -> str:
    return next(s.url for s in network.sources if s.kind == kind and name_part in s.name)


async def rss_items(fetch: Fetch, network: SampleNetwork) -> list[ET.Element]:
    status, body = await fetch(source_url(network, "feed", "Meridian"))
    assert status == 200
    return ET.fromstring(body).findall("./channel/item")


async def test_sources_name_one_url_per_entry_point(network: SampleNetwork) -> None:
    kinds = sorted(s.kind for s in network.sources)
    assert kinds == ["feed", "feed", "page", "sitemap", "telegram"]
    assert all(s.url.startswith(network.base_url + "/") for s in network.sources)


async def test_agency_rss_lists_its_seeded_stories_newest_first(
    network: SampleNetwork, fetch: Fetch
) -> None:
    items = await rss_items(fetch, network)
    assert len(items) == SEEDED["meridian"]
    dates = [parsedate_to_datetime(i.findtext("pubDate") or "") for i in items]
    assert dates == sorted(dates, reverse=True)
    for item in items:
        status, page = await fetch(item.findtext("link") or "")
        assert status == 200
        assert f"<h1>{item.findtext('title')}</h1>" in page.replace("&#39;", "'")


async def test_unchanged_feed_answers_304_to_etag_and_to_date(
    network: SampleNetwork, http: aiohttp.ClientSession, fetch: Fetch
) -> None:
    url = source_url(network, "feed", "Meridian")
    async with http.get(url) as first:
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert (await fetch(url, **{"If-None-Match": etag}))[0] == 304
    assert (await fetch(url, **{"If-Modified-Since": modified}))[0] == 304
    assert (await fetch(url, **{"If-None-Match": '"something-else"'}))[0] == 200


async def test_publishing_changes_the_feed_and_its_etag(
    network: SampleNetwork, http: aiohttp.ClientSession, fetch: Fetch
) -> None:
    url = source_url(network, "feed", "Meridian")
    async with http.get(url) as first:
        etag = first.headers["ETag"]
    assert await network.publish_next()
    status, body = await fetch(url, **{"If-None-Match": etag})
    assert status == 200
    assert len(ET.fromstring(body).findall("./channel/item")) == SEEDED["meridian"] + 1


async def test_lantern_atom_feed_has_entries_with_links(
    network: SampleNetwork, fetch: Fetch
) -> None:
    status, body = await fetch(source_url(network, "feed", "Lantern"))
    assert status == 200
    entries = ET.fromstring(body).findall(f"{ATOM}entry")
    assert len(entries) == SEEDED["lantern"]
    for entry in entries:
        assert entry.find(f"{ATOM}link").get("href", "").endswith(".html")  # type: ignore[union-attr]
        assert entry.findtext(f"{ATOM}published")


async def test_news_sitemap_has_title_date_and_language_per_url(
    network: SampleNetwork, fetch: Fetch
) -> None:
    status, body = await fetch(source_url(network, "sitemap", "Harbor"))
    assert status == 200
    urls = ET.fromstring(body).findall(f"{SITEMAP}url")
    assert len(urls) == SEEDED["harbor"]
    languages = set()
    for url in urls:
        news = url.find(f"{NEWS}news")
        assert news is not None
        assert news.findtext(f"{NEWS}title")
        assert news.findtext(f"{NEWS}publication_date")
        languages.add(news.findtext(f"{NEWS}publication/{NEWS}language"))
    assert {"en", "fa", "ar"} <= languages


async def test_sitemap_supports_conditional_get(
    network: SampleNetwork, http: aiohttp.ClientSession, fetch: Fetch
) -> None:
    url = source_url(network, "sitemap", "Harbor")
    async with http.get(url) as first:
        etag = first.headers["ETag"]
    assert (await fetch(url, **{"If-None-Match": etag}))[0] == 304
