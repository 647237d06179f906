"""The site's order and time: stories by their origin's publication time, times ago and
dates in the site's time zone, sections by folder, tag pages, pages everywhere, HEAD."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from newsdesk.config import SiteSettings
from newsdesk.publish import create_web_app
from newsdesk.records import Article
from newsdesk.store import Store
from tests.publish.conftest import TestClient
from tests.publish.newsroom import T0, Newsroom, article
from tests.publish.test_site import page, text


def headlines(doc: Any) -> list[str]:
    return [text(h) for h in doc.xpath("//main//li/h2")]


def test_home_is_newest_news_first_not_intake_order(client: Any, store: Store,
                                                     room: Newsroom) -> None:
    # An agency story published before all the others, but taken in last.
    early = store.save_article(article("early", "Gullhaven Wire", "Lighthouse keeper retires",
                                       minutes=-600), source_id=None, fetch_id=None)
    store.assign_story(early.id, store.create_story("Lighthouse keeper retires", early.id),
                       "original")
    assert headlines(page(client, "/")) == [
        "Council votes on the harbour wall", "پل تازه بر رود سرو گشوده شد",
        "Retired teacher finds a new moth", "Night ferry to Skarra resumes",
        "Lighthouse keeper retires"]


def test_times_ago_come_from_the_publication_not_from_intake(client: Any,
                                                            room: Newsroom) -> None:
    doc = page(client, "/")
    shown = [text(t) for t in doc.xpath("//main//time")]
    assert shown and "just now" not in shown
    assert all(t.endswith("days ago") or t.endswith("day ago") for t in shown)
    story = page(client, f"/stories/{room.stories['ferry']}")
    assert "just now" not in text(story.xpath("//article/p[@class='meta']")[0]).split("updated")[0]


def test_times_are_shown_in_the_site_s_time_zone(store: Store, room: Newsroom) -> None:
    app = create_web_app(store, site=SiteSettings(timezone="Asia/Tehran"))
    with TestClient(app) as tehran:
        doc = page(tehran, f"/articles/{room.articles['ferry-orig']}")
    stamp = doc.xpath("//article//time/@datetime")[0]
    local = T0.astimezone(datetime.fromisoformat(stamp).tzinfo)
    assert stamp.endswith("+03:30") and stamp == local.isoformat(timespec="minutes")
    assert local.strftime("%H:%M") in text(doc.xpath("//article//time")[0])


def test_a_wrong_time_zone_setting_is_a_clear_error(store: Store) -> None:
    with pytest.raises(ValueError, match="NEWSDESK_TIMEZONE='Mars/Olympus'"):
        create_web_app(store, site=SiteSettings(timezone="Mars/Olympus"))


def test_sections_are_top_folders_in_the_navigation(store: Store, room: Newsroom) -> None:
    store.update_source(room.sources["Gullhaven Wire"], folder="Wires/Nordic")
    store.update_source(room.sources["Tern Valley Courier"], folder="Local")
    with TestClient(create_web_app(store)) as fresh:  # sections are cached for a minute
        nav = page(fresh, "/").xpath("//nav[@aria-label='Sections']//a/@href")
        assert "/sections/Wires" in nav and "/sections/Local" in nav
        wires = page(fresh, "/sections/Wires")
        assert text(wires.xpath("//h1")[0]) == "Wires"
        assert headlines(wires) == ["Council votes on the harbour wall",
                                    "Night ferry to Skarra resumes"]
        assert fresh.get("/sections/Nowhere").status_code == 404


def test_tag_pages_list_tagged_articles_and_page(client: Any, store: Store) -> None:
    for n in range(23):
        store.save_article(Article(url=f"https://quay.example/tide-{n}", title=f"Tide {n}",
                                   tags=["Tides", "Harbour life"],
                                   published=datetime.now(UTC) - timedelta(hours=n)),
                           source_id=None, fetch_id=None)
    doc = page(client, "/tags/Harbour%20life")
    assert "Harbour life" in text(doc.xpath("//h1")[0])
    first = [text(h) for h in doc.xpath("//main//li/h2")]
    assert first[:2] == ["Tide 0", "Tide 1"] and len(first) == 20
    rest = page(client, doc.xpath("//a[@rel='next']/@href")[0])
    assert [text(h) for h in rest.xpath("//main//li/h2")] == ["Tide 20", "Tide 21", "Tide 22"]
    article_page = page(client, f"/articles/{store.find_article_id('https://quay.example/tide-3')}")
    assert "/tags/Harbour%20life" in article_page.xpath("//ul[@class='tags']//a/@href")
    assert client.get("/tags/nothing-tagged-so").status_code == 404


def test_sources_list_pages(client: Any, store: Store) -> None:
    for n in range(105):
        store.add_source(f"https://outlet{n}.example/rss", name=f"Outlet {n:03d}", kind="feed",
                         interval_s=600)
    doc = page(client, "/sources")
    assert len(doc.xpath("//tbody/tr")) == 100
    rest = page(client, doc.xpath("//a[@rel='next']/@href")[0])
    assert len(rest.xpath("//tbody/tr")) == 8


@pytest.mark.parametrize("path", [
    "/", "/stories/{ferry}", "/articles/{council}", "/search?q=ferry", "/sources", "/about",
    "/sitemap.xml", "/sitemap-news.xml", "/robots.txt", "/favicon.ico", "/feeds/stories.rss",
    "/api/stories", "/static/site.css",
])
def test_every_get_route_answers_head(client: Any, room: Newsroom, path: str) -> None:
    url = path.format(ferry=room.stories["ferry"], council=room.articles["council"])
    got = client.get(url, headers={"Accept-Encoding": "identity"})
    head = client.head(url, headers={"Accept-Encoding": "identity"})
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))
    assert client.head("/articles/999999").status_code == 404
