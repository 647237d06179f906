"""Meridian Press Agency: the news agency whose originals everyone else copies.

Serves an RSS 2.0 feed with conditional GET, a home page that advertises the feed, section
pages, and article pages with the full newsroom layout (dateline, byline, JSON-LD, og: tags).
"""

from __future__ import annotations

from aiohttp import web

from newsdesk.demo._site import NetworkState, cached_response, html_response, json_ld, not_found
from newsdesk.demo._timeline import Published

NAME = "Meridian Press Agency"
SECTIONS = ("politics", "economy", "science", "world", "sport", "culture")
_OUTLET = "meridian"


def add_routes(app: web.Application, net: NetworkState) -> None:
    """Mount the agency under ``/meridian/``."""

    async def home(request: web.Request) -> web.Response:
        return html_response(_listing(net, None))

    async def section(request: web.Request) -> web.Response:
        name = request.match_info["section"]
        if name not in SECTIONS:
            raise not_found(f"Section {name}")
        return html_response(_listing(net, name))

    async def article(request: web.Request) -> web.Response:
        item = net.timeline.find(_OUTLET, request.match_info["slug"])
        if item is None or item.story.section != request.match_info["section"]:
            raise not_found("Article")
        return html_response(_article_page(net, item))

    async def feed(request: web.Request) -> web.Response:
        body = net.render("meridian_rss.xml", items=net.timeline.on(_OUTLET), name=NAME)
        latest = net.timeline.latest_time(_OUTLET)
        return cached_response(request, body, "application/rss+xml", latest)

    app.router.add_get("/meridian/", home)
    app.router.add_get("/meridian/rss.xml", feed)
    app.router.add_get("/meridian/{section}/", section)
    app.router.add_get("/meridian/{section}/{slug}/", article)


def _listing(net: NetworkState, section: str | None) -> str:
    items = net.timeline.on(_OUTLET)
    if section is not None:
        items = [p for p in items if p.story.section == section]
    return net.render("meridian_home.html", items=items, section=section, sections=SECTIONS)


def _article_page(net: NetworkState, item: Published) -> str:
    story, text = item.story, item.story.meridian
    assert text is not None  # find() only returns stories the agency carries
    published = item.time_on(_OUTLET)
    url = net.article_url(_OUTLET, story)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": text.title,
        "description": text.standfirst,
        "datePublished": published.isoformat(timespec="seconds"),
        "dateModified": published.isoformat(timespec="seconds"),
        "author": [{"@type": "Person", "name": text.author}],
        "publisher": {"@type": "NewsMediaOrganization", "name": NAME},
        "image": [net.image_url(story)],
        "mainEntityOfPage": url,
        "articleSection": story.section.title(),
        "inLanguage": text.language,
        "keywords": list(text.tags),
    }
    return net.render(
        "meridian_article.html",
        item=item,
        story=story,
        text=text,
        url=url,
        published=published,
        sections=SECTIONS,
        ld=json_ld(data),
    )
