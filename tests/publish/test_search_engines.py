"""What search engines and link previews read: titles, descriptions, canonical links, Open
Graph and Twitter cards, JSON-LD NewsArticle, sitemaps, the news sitemap, robots.txt, icons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from lxml import html

from newsdesk.config import SiteSettings
from newsdesk.publish import create_web_app
from newsdesk.records import Article
from newsdesk.store import Store
from tests.images.pictures import photo
from tests.publish.conftest import TestClient
from tests.publish.newsroom import Newsroom, give_picture
from tests.publish.structured_data_checks import (
    check_news_article,
    check_sitemap,
    json_ld,
)

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITE = "https://news.example.org"


def site_client(store: Store, **settings: Any) -> TestClient:
    return TestClient(create_web_app(store, site=SiteSettings(**settings), site_url=SITE))


def meta(doc: Any, key: str) -> str | None:
    found = doc.xpath(f"//meta[@property='{key}' or @name='{key}']/@content")
    return found[0] if found else None


def test_story_page_describes_itself_for_search_and_previews(store: Store,
                                                             room: Newsroom) -> None:
    give_picture(store, room.articles["moth"], photo(1400, 900))
    with site_client(store, name="Gullhaven Daily") as client:
        doc = html.fromstring(client.get(f"/stories/{room.stories['moth']}").text)
    url = f"{SITE}/stories/{room.stories['moth']}"
    assert doc.findtext(".//title") == "Retired teacher finds a new moth · Gullhaven Daily"
    assert doc.xpath("//link[@rel='canonical']/@href") == [url]
    assert meta(doc, "description") == "Ilse Brandvik's light trap caught an unknown moth."
    assert meta(doc, "og:type") == "article" and meta(doc, "og:url") == url
    assert meta(doc, "og:site_name") == "Gullhaven Daily"
    image = meta(doc, "og:image")
    assert image and image.startswith(f"{SITE}/images/") and image.endswith("-960.jpg")
    assert (meta(doc, "og:image:width"), meta(doc, "og:image:height")) == ("960", "617")
    assert meta(doc, "twitter:card") == "summary_large_image"
    data = json_ld(doc)
    check_news_article(data, canonical=url)
    assert data["isBasedOn"] == "https://ternvalleycourier.example/moth"
    assert data["image"] == [image]
    assert data["author"] == [{"@type": "Organization", "name": "Tern Valley Courier"}]
    assert data["publisher"]["name"] == "Gullhaven Daily"
    assert data["datePublished"].startswith(meta(doc, "article:published_time")[:16])


def test_article_page_links_its_origin_visibly_and_for_machines(client: Any,
                                                                room: Newsroom) -> None:
    doc = html.fromstring(client.get(f"/articles/{room.articles['ferry-copy']}").text)
    canonical = doc.xpath("//link[@rel='canonical']/@href")[0]
    assert canonical.endswith(f"/articles/{room.articles['ferry-copy']}")
    data = json_ld(doc)
    check_news_article(data, canonical=canonical)
    origin = "https://ternvalleycourier.example/skarra-ferry"
    assert data["isBasedOn"] == origin
    visible = doc.xpath("//a[@class='origin']")[0]
    assert visible.get("href") == origin and "Tern Valley Courier" in visible.text_content()
    assert meta(doc, "twitter:card") == "summary" and meta(doc, "og:image") is None


def test_structured_data_cannot_be_broken_out_of(client: Any, store: Store) -> None:
    hostile = "</script><script>alert(1)</script> & <!--"
    saved = store.save_article(Article(url="https://bad.example/y", title=hostile,
                                       summary=hostile), source_id=None, fetch_id=None)
    body = client.get(f"/articles/{saved.id}").text
    assert body.count("</script>") == 1 and "<script>alert" not in body
    assert json_ld(html.fromstring(body))["headline"] == hostile


def test_lists_have_titles_descriptions_and_canonical_links(store: Store,
                                                            room: Newsroom) -> None:
    with site_client(store, name="Gullhaven Daily",
                     description="Island news, credited to whoever had it first.") as client:
        home = html.fromstring(client.get("/?utm_source=x").text)
        search = html.fromstring(client.get("/search?q=ferry").text)
    assert home.findtext(".//title") == "Latest stories · Gullhaven Daily"
    assert meta(home, "description") == "Island news, credited to whoever had it first."
    assert home.xpath("//link[@rel='canonical']/@href") == [f"{SITE}/?utm_source=x"]
    assert meta(search, "robots") == "noindex, follow"


def test_sitemaps_validate_and_list_every_story_and_article(store: Store,
                                                            room: Newsroom) -> None:
    with site_client(store) as client:
        index = check_sitemap(client.get("/sitemap.xml").content)
        parts = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
        assert parts and all(p.startswith(f"{SITE}/sitemaps/") for p in parts)
        listed = []
        for part in parts:
            answer = client.get(part.removeprefix(SITE))
            assert answer.headers["content-type"].startswith("application/xml")
            listed += [loc.text for loc in check_sitemap(answer.content).iter(f"{SITEMAP}loc")]
        assert client.get("/sitemaps/stories-1999-01.xml").status_code == 404
        assert client.get("/sitemaps/../etc.xml").status_code == 404
    expected = {f"{SITE}/stories/{i}" for i in room.stories.values()} | {
        f"{SITE}/articles/{i}" for i in room.articles.values()}
    assert set(listed) == expected


def test_news_sitemap_has_the_last_two_days_only(store: Store) -> None:
    # times relative to now: the newsroom fixture's times are two days old at 06:00, so
    # whether they fall inside 48 hours depends on the hour the test runs
    now = datetime.now(UTC)
    for slug, title, language, age in (
            ("old", "Old news", "en", timedelta(days=3)),
            ("edge", "Just too old", "en", timedelta(hours=48, minutes=5)),
            ("fresh", "Ferry timetable for the winter", "en", timedelta(hours=47)),
            ("bridge", "پل تازه بر رود سرو گشوده شد", "fa", timedelta(hours=2))):
        saved = store.save_article(Article(url=f"https://quay.example/{slug}", title=title,
                                           language=language, published=now - age),
                                   source_id=None, fetch_id=None)
        store.assign_story(saved.id, store.create_story(title, saved.id), "original")
    with site_client(store, name="Gullhaven Daily") as client:
        root = check_sitemap(client.get("/sitemap-news.xml").content)
    titles = {n.text for n in root.iter(f"{NEWS}title")}
    assert titles == {"Ferry timetable for the winter", "پل تازه بر رود سرو گشوده شد"}
    languages = {n.text for n in root.iter(f"{NEWS}language")}
    assert languages == {"en", "fa"}
    assert {n.text for n in root.iter(f"{NEWS}name")} == {"Gullhaven Daily"}


def test_robots_txt_points_to_the_sitemaps_and_keeps_crawlers_off_search(store: Store) -> None:
    with site_client(store) as client:
        robots = client.get("/robots.txt")
    assert robots.headers["content-type"].startswith("text/plain")
    lines = robots.text.splitlines()
    assert "Disallow: /search" in lines and "Disallow: /api/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert f"Sitemap: {SITE}/sitemap-news.xml" in lines


def test_favicon_is_served_and_linked(client: Any) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    svg = client.get("/favicon.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and b"<svg" in svg.content
    links = html.fromstring(client.get("/").text).xpath("//link[@rel='icon']/@href")
    assert set(links) == {"/favicon.ico", "/favicon.svg"}
