"""Harbor Wire: a regional site that rewrites stories in its own words.

It has no feed; it is found through its news sitemap and its World section page, which lists
article links among navigation, tag and author links. It also carries the demo's Persian and
Arabic stories, so right-to-left pages show up.
"""

from __future__ import annotations

import re

from aiohttp import web

from newsdesk.demo._catalog import ArticleText
from newsdesk.demo._site import NetworkState, cached_response, html_response, json_ld, not_found
from newsdesk.demo._timeline import Published

NAME = "Harbor Wire"
_OUTLET = "harbor"


def author_slug(name: str) -> str:
    """The path segment of an author's page: ASCII letters and hyphens (``x`` if none)."""
    return re.sub(r"[^a-z]+", "-", name.lower()).strip("-") or "x"


def add_routes(app: web.Application, net: NetworkState) -> None:
    """Mount the site under ``/harbor/``."""

    async def section(request: web.Request) -> web.Response:
        return html_response(_listing(net, "World", net.timeline.on(_OUTLET)))

    async def tag(request: web.Request) -> web.Response:
        name = request.match_info["tag"]
        items = [p for p in net.timeline.on(_OUTLET) if name in _text(p).tags]
        return html_response(_listing(net, f"Tagged: {name}", items))

    async def author(request: web.Request) -> web.Response:
        name = request.match_info["author"]
        items = [p for p in net.timeline.on(_OUTLET) if author_slug(_text(p).author) == name]
        return html_response(_listing(net, "Author", items))

    async def article(request: web.Request) -> web.Response:
        item = net.timeline.find(_OUTLET, request.match_info["slug"])
        if item is None:
            raise not_found("Article")
        return html_response(_article_page(net, item))

    async def sitemap(request: web.Request) -> web.Response:
        body = net.render("harbor_sitemap.xml", items=net.timeline.on(_OUTLET), name=NAME)
        latest = net.timeline.latest_time(_OUTLET)
        return cached_response(request, body, "application/xml", latest)

    async def home(request: web.Request) -> web.Response:
        raise web.HTTPFound(net.url("/harbor/world/"))

    app.router.add_get("/harbor/", home)
    app.router.add_get("/harbor/sitemap-news.xml", sitemap)
    app.router.add_get("/harbor/world/", section)
    app.router.add_get("/harbor/world/{slug}/", article)
    app.router.add_get("/harbor/tag/{tag}/", tag)
    app.router.add_get("/harbor/author/{author}/", author)


def _text(item: Published) -> ArticleText:
    text = item.story.harbor
    assert text is not None  # only Harbor's stories reach here
    return text


def _listing(net: NetworkState, heading: str, items: list[Published]) -> str:
    tags = sorted({t for p in net.timeline.on(_OUTLET) for t in _text(p).tags})
    return net.render(
        "harbor_section.html", heading=heading, items=items, tags=tags, author_slug=author_slug
    )


def _article_page(net: NetworkState, item: Published) -> str:
    story, text = item.story, _text(item)
    published = item.time_on(_OUTLET)
    url = net.article_url(_OUTLET, story)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": text.title,
        "datePublished": published.isoformat(timespec="seconds"),
        "author": {"@type": "Person", "name": text.author},
        "publisher": {"@type": "Organization", "name": NAME},
        "inLanguage": text.language,
        "image": net.image_url(story),
    }
    return net.render(
        "harbor_article.html",
        story=story,
        text=text,
        url=url,
        published=published,
        author_slug=author_slug,
        ld=json_ld(data),
    )
