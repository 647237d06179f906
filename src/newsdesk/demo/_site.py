"""What every outlet's handlers share: the timeline, URLs, templates and HTTP caching.

All outlets live on one server under their own path prefix; the URL helpers here are the one
place that knows those paths, so outlets can link to each other.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from importlib import resources
from typing import Any

import jinja2
from aiohttp import web
from markupsafe import Markup

from newsdesk.demo._catalog import DemoStory
from newsdesk.demo._timeline import Timeline

_ARTICLE_PATHS = {
    "meridian": "/meridian/{section}/{slug}/",
    "lantern": "/lantern/story/{slug}.html",
    "harbor": "/harbor/world/{slug}/",
}


def _template_environment() -> jinja2.Environment:
    root = resources.files("newsdesk.demo.network").joinpath("templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["rfc822"] = lambda d: format_datetime(d, usegmt=True)
    env.filters["iso"] = lambda d: d.isoformat(timespec="seconds")
    env.filters["human"] = lambda d: d.strftime("%d %B %Y, %H:%M UTC")
    return env


@dataclass
class NetworkState:
    """The live network: what is published, where it lives, how pages are drawn."""

    timeline: Timeline
    start: datetime
    base_url: str = ""
    env: jinja2.Environment = field(default_factory=_template_environment)

    def url(self, path: str) -> str:
        return self.base_url + path

    def article_url(self, outlet: str, story: DemoStory) -> str:
        return self.url(_ARTICLE_PATHS[outlet].format(section=story.section, slug=story.slug))

    def image_url(self, story: DemoStory) -> str:
        return self.url(f"/img/{story.slug}.png")  # a raster picture: sites re-encode it

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(net=self, year=self.start.year, **context)


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def html_response(text: str) -> web.Response:
    return web.Response(text=text, content_type="text/html", charset="utf-8")


def not_found(what: str) -> web.HTTPNotFound:
    return web.HTTPNotFound(text=f"{what} not found on the demo network.\n")


def cached_response(
    request: web.Request, body: str, content_type: str, last_modified: datetime | None
) -> web.Response:
    """A response with ETag and Last-Modified that answers 304 when the client is current."""
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:20] + '"'
    headers = {"ETag": etag, "Cache-Control": "max-age=0, must-revalidate"}
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.replace(microsecond=0), True)
    if _is_current(request, etag, last_modified):
        return web.Response(status=304, headers=headers)
    return web.Response(text=body, content_type=content_type, charset="utf-8", headers=headers)


def _is_current(request: web.Request, etag: str, last_modified: datetime | None) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = request.headers.get("If-Modified-Since")
    if since is None or last_modified is None:
        return False
    try:
        return last_modified.replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
