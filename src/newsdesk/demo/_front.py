"""Routes that belong to no outlet: the network's index page, robots.txt, images, styles."""

from __future__ import annotations

import re
from importlib import resources

from aiohttp import web

from newsdesk.demo._catalog import DemoStory
from newsdesk.demo._images import logo, story_image, story_png
from newsdesk.demo._site import NetworkState, html_response, not_found

_STYLESHEET = re.compile(r"[a-z]+")


def add_routes(
    app: web.Application, net: NetworkState, stories: list[DemoStory], sources: list[object]
) -> None:
    """Mount ``/``, ``/robots.txt``, ``/img/NAME.svg``, ``/img/NAME.png`` and
    ``/static/NAME.css``."""
    by_slug = {s.slug: s for s in stories}
    static = resources.files("newsdesk.demo.network").joinpath("static")

    async def index(request: web.Request) -> web.Response:
        return html_response(net.render("index.html", sources=sources))

    async def robots(request: web.Request) -> web.Response:
        text = f"User-agent: *\nAllow: /\n\nSitemap: {net.url('/harbor/sitemap-news.xml')}\n"
        return web.Response(text=text, content_type="text/plain")

    async def image(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        story = by_slug.get(name)
        svg = story_image(story.slug, story.image_label) if story else logo(name)
        if svg is None:
            raise not_found("Image")
        return web.Response(text=svg, content_type="image/svg+xml")

    async def picture(request: web.Request) -> web.Response:
        if request.match_info["name"] not in by_slug:
            raise not_found("Image")
        return web.Response(body=story_png(request.match_info["name"]),
                            content_type="image/png")

    async def stylesheet(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        sheet = static.joinpath(f"{name}.css")
        if not _STYLESHEET.fullmatch(name) or not sheet.is_file():
            raise not_found("Stylesheet")
        return web.Response(text=sheet.read_text(encoding="utf-8"), content_type="text/css")

    app.router.add_get("/", index)
    app.router.add_get("/robots.txt", robots)
    app.router.add_get("/img/{name}.svg", image)
    app.router.add_get("/img/{name}.png", picture)
    app.router.add_get("/static/{name}.css", stylesheet)
