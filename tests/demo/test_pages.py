"""Article and section pages: the agency's layout, the Lantern's chrome and damage, Harbor Wire."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable

import aiohttp
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from newsdesk.demo import SampleNetwork

Fetch = Callable[..., Awaitable[tuple[int, str]]]
# One story the agency, the Lantern, Telegram and Harbor Wire all carry.
SHARED = "assembly-approves-budget"
LANTERN_CHROME = (
    "The Lantern Daily - Light on the stories that matter",
    "Back to top",
    "Follow us on Telegram: t.me/lanterndaily",
    "Sources: © Meridian Press Agency",
    "Related stories",
    "The Lantern in your inbox",
    "Advertisement",
)


def paragraphs(html: str, selector: str) -> list[str]:
    return [p.text() for p in HTMLParser(html).css(selector)]


async def test_agency_article_has_newsroom_layout(network: SampleNetwork, fetch: Fetch) -> None:
    status, html = await fetch(f"{network.base_url}/meridian/economy/{SHARED}/")
    assert status == 200
    tree = HTMLParser(html)
    assert tree.css_first("header nav") is not None and tree.css_first("footer") is not None
    article = tree.css_first("article")
    assert article is not None and article.css_first("h1") is not None
    assert article.css_first(".standfirst") is not None
    assert article.css("h2"), "subheadings"
    first = article.css_first(".article-body p").text()  # type: ignore[union-attr]
    assert first.startswith("MERIDIAN PRESS AGENCY, Economy Desk: ")
    site_name = tree.css_first('meta[property="og:site_name"]').attributes["content"]  # type: ignore[union-attr]
    assert site_name == "Meridian Press Agency"
    data = json.loads(tree.css_first('script[type="application/ld+json"]').text())  # type: ignore[union-attr]
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.css_first("h1").text()  # type: ignore[union-attr]


async def test_agency_home_advertises_its_feed(network: SampleNetwork, fetch: Fetch) -> None:
    _, html = await fetch(f"{network.base_url}/meridian/")
    link = HTMLParser(html).css_first('link[rel="alternate"][type="application/rss+xml"]')
    assert link is not None
    assert link.attributes["href"] == f"{network.base_url}/meridian/rss.xml"


async def test_lantern_copy_carries_its_chrome(network: SampleNetwork, fetch: Fetch) -> None:
    status, html = await fetch(f"{network.base_url}/lantern/story/{SHARED}.html")
    assert status == 200
    text = HTMLParser(html).body.text()  # type: ignore[union-attr]
    for line in LANTERN_CHROME:
        assert line in text
    assert HTMLParser(html).css(".share-buttons a")


async def test_lantern_copy_has_lost_spaces_and_letters(
    network: SampleNetwork, fetch: Fetch
) -> None:
    _, original = await fetch(f"{network.base_url}/meridian/economy/{SHARED}/")
    _, copy = await fetch(f"{network.base_url}/lantern/story/{SHARED}.html")
    agency_text = " ".join(paragraphs(original, ".article-body p"))
    copy_text = " ".join(paragraphs(copy, ".entry-content p"))
    agency_words = set(re.findall(r"[a-z]+", agency_text.lower()))
    glued = [
        w
        for w in re.findall(r"[A-Za-z]{15,}", copy_text)
        if w.lower() not in agency_words and _split_into(w.lower(), agency_words) >= 3
    ]
    assert glued, "expected runs of words with their spaces deleted"
    assert re.search(r"[a-z][.,][A-Z]", copy_text), "expected a lost space after a full stop"
    dropped = [w for w in re.findall(r"[a-z]{6,}", copy_text) if w not in agency_words]
    assert any(_is_one_letter_short(w, agency_words) for w in dropped)


async def test_lantern_damage_is_the_same_on_every_fetch(
    network: SampleNetwork, fetch: Fetch
) -> None:
    url = f"{network.base_url}/lantern/story/{SHARED}.html"
    assert (await fetch(url))[1] == (await fetch(url))[1]


async def test_lantern_retitles_some_copies(network: SampleNetwork, fetch: Fetch) -> None:
    _, original = await fetch(f"{network.base_url}/meridian/economy/{SHARED}/")
    _, copy = await fetch(f"{network.base_url}/lantern/story/{SHARED}.html")
    assert HTMLParser(original).css_first("h1").text() != HTMLParser(copy).css_first("h1").text()  # type: ignore[union-attr]


async def test_harbor_section_lists_articles_among_other_links(
    network: SampleNetwork, fetch: Fetch
) -> None:
    status, html = await fetch(f"{network.base_url}/harbor/world/")
    assert status == 200
    hrefs = {a.attributes.get("href") or "" for a in HTMLParser(html).css("a")}
    articles = {h for h in hrefs if re.fullmatch(r".*/harbor/world/[a-z-]+/", h)}
    assert len(articles) == 6
    assert any("/harbor/tag/" in h for h in hrefs) and any("/harbor/author/" in h for h in hrefs)
    for url in articles:
        assert (await fetch(url))[0] == 200


async def test_persian_and_arabic_pages_are_right_to_left(
    network: SampleNetwork, fetch: Fetch
) -> None:
    for slug, language in (("tolvara-pomegranate-festival", "fa"), ("eastholm-book-fair", "ar")):
        _, html = await fetch(f"{network.base_url}/harbor/world/{slug}/")
        root = HTMLParser(html).css_first("html")
        assert root is not None
        assert (root.attributes["lang"], root.attributes["dir"]) == (language, "rtl")
        assert re.search(r"[\u0600-\u06ff]{4,}", HTMLParser(html).css_first("h1").text())  # type: ignore[union-attr]


async def test_story_images_are_generated_svg(
    network: SampleNetwork, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{network.base_url}/img/{SHARED}.svg") as response:
        assert response.status == 200
        assert response.content_type == "image/svg+xml"
        assert (await response.text()).startswith("<svg")


def _split_into(token: str, words: set[str]) -> int:
    """How many known words ``token`` splits into (0 if it does not split cleanly)."""
    best = [0] + [-1] * len(token)
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - 20), end):
            if best[start] >= 0 and token[start:end] in words:
                best[end] = max(best[end], best[start] + 1)
    return max(best[-1], 0)


def _is_one_letter_short(word: str, words: set[str]) -> bool:
    return any(
        len(w) == len(word) + 1 and any(w[:i] + w[i + 1 :] == word for i in range(len(w)))
        for w in words
    )
