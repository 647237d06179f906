"""The Lantern Daily: a republisher that wraps agency copy in heavy chrome and mangles it.

Its article pages carry the chrome a real extractor must learn to drop (tagline, banner,
share buttons, "Follow us on Telegram", the "Sources:" credit, related stories, newsletter box),
and its copies of agency stories have deterministic spacing damage (see ``_damage``).
"""

from __future__ import annotations

from aiohttp import web

from newsdesk.demo._site import NetworkState, cached_response, html_response, json_ld, not_found
from newsdesk.demo._timeline import Published

NAME = "The Lantern Daily"
TAGLINE = "The Lantern Daily - Light on the stories that matter"
TELEGRAM_LINE = "Follow us on Telegram: t.me/lanterndaily"
_OUTLET = "lantern"
_RELATED = 4


def add_routes(app: web.Application, net: NetworkState) -> None:
    """Mount the republisher under ``/lantern/``."""

    async def home(request: web.Request) -> web.Response:
        items = net.timeline.on(_OUTLET)
        return html_response(net.render("lantern_home.html", items=items, tagline=TAGLINE))

    async def article(request: web.Request) -> web.Response:
        item = net.timeline.find(_OUTLET, request.match_info["slug"])
        if item is None:
            raise not_found("Story")
        return html_response(_article_page(net, item))

    async def feed(request: web.Request) -> web.Response:
        items = net.timeline.on(_OUTLET)
        body = net.render("lantern_atom.xml", items=items, name=NAME, tagline=TAGLINE)
        latest = net.timeline.latest_time(_OUTLET)
        return cached_response(request, body, "application/atom+xml", latest)

    app.router.add_get("/lantern/", home)
    app.router.add_get("/lantern/atom.xml", feed)
    app.router.add_get("/lantern/story/{slug}.html", article)


def _article_page(net: NetworkState, item: Published) -> str:
    story, text = item.story, item.story.lantern
    assert text is not None  # find() only returns stories the Lantern carries
    published = item.time_on(_OUTLET)
    url = net.article_url(_OUTLET, story)
    related = [p for p in net.timeline.on(_OUTLET) if p.story.slug != story.slug][:_RELATED]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": text.title,
        "datePublished": published.isoformat(timespec="seconds"),
        "author": {
            "@type": "Organization" if story.lantern_credit else "Person",
            "name": text.author,
        },
        "publisher": {"@type": "Organization", "name": NAME},
        "image": net.image_url(story),
        "url": url,
    }
    return net.render(
        "lantern_article.html",
        item=item,
        story=story,
        text=text,
        url=url,
        published=published,
        related=related,
        tagline=TAGLINE,
        telegram_line=TELEGRAM_LINE,
        ld=json_ld(data),
    )
