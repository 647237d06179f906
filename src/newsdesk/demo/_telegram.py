"""The Lantern's public Telegram channel, as its t.me/s/lanterndaily preview page shows it.

The markup copies the class names of the real preview page (``tgme_widget_message`` and
friends) so the Telegram source parser can be tried on it. Like the real page it lists the
newest posts last and pages back in time with ``?before=ID``.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from newsdesk.demo._site import NetworkState, html_response, not_found
from newsdesk.demo._timeline import Published

CHANNEL = "lanterndaily"
TITLE = "The Lantern Daily"
PAGE_SIZE = 5


@dataclass(frozen=True, slots=True)
class _Post:
    id: int
    item: Published
    link_url: str
    views: str


def add_routes(app: web.Application, net: NetworkState) -> None:
    """Mount the channel preview at ``/s/lanterndaily`` and single posts at ``/lanterndaily/ID``."""

    async def channel(request: web.Request) -> web.Response:
        before = _before(request)
        posts = _posts(net)
        if before is not None:
            posts = [p for p in posts if p.id < before]
        page = posts[-PAGE_SIZE:]
        older = page[0].id if page and page[0].id != posts[0].id else None
        return html_response(_render(net, page, older))

    async def single(request: web.Request) -> web.Response:
        wanted = request.match_info["post_id"]
        post = next((p for p in _posts(net) if str(p.id) == wanted), None)
        if post is None:
            raise not_found("Post")
        return html_response(_render(net, [post], None))

    app.router.add_get(f"/s/{CHANNEL}", channel)
    app.router.add_get(f"/{CHANNEL}/{{post_id}}", single)


def _before(request: web.Request) -> int | None:
    raw = request.query.get("before")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise web.HTTPBadRequest(text="The before= parameter must be a post number.\n")
    return int(raw)


def _posts(net: NetworkState) -> list[_Post]:
    """Every published post, oldest first."""
    posts = []
    for item in net.timeline.on("telegram"):
        post = item.story.telegram
        assert post is not None and item.telegram_id is not None
        link = net.article_url(post.link_to, item.story)
        views = f"{1 + (item.telegram_id * 37) % 90 / 10:.1f}K"
        posts.append(_Post(item.telegram_id, item, link, views))
    return sorted(posts, key=lambda p: p.id)


def _render(net: NetworkState, posts: list[_Post], older: int | None) -> str:
    return net.render(
        "telegram_channel.html",
        posts=posts,
        older=older,
        channel=CHANNEL,
        title=TITLE,
        page_size=PAGE_SIZE,
    )
