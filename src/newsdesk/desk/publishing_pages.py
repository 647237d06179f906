"""The publishing queue in the desk: per channel (Telegram, WordPress) the stories held,
pending, being sent, sent, failed and skipped, each with its last error and attempts; skip,
post now and retry, each recorded in the audit log; and which stories each channel takes.

The queue is the store's (`store/posting.py`); the posters act on it at their next round.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from newsdesk.config import Config
from newsdesk.desk.context import Desk, DeskRefusal, Posted
from newsdesk.desk.sessions import Visitor
from newsdesk.publish import cursor
from newsdesk.store import ChannelPost
from newsdesk.store.posting import POST_STATES

PAGE = 50
BACK = "/desk/publishing"


@dataclass(frozen=True)
class Channel:
    """A channel as the page shows it: its queue counts, and its rules if it is set up here."""

    name: str  # as the store keeps it: "telegram:@news", "wordpress:https://news.example"
    counts: dict[str, int]
    rules: list[tuple[str, str]] | None  # None: not set up in this process's settings

    @property
    def label(self) -> str:
        kind, _, where = self.name.partition(":")
        return f"{'WordPress' if kind == 'wordpress' else kind.capitalize()} {where}"

    def message_url(self, post: ChannelPost) -> str | None:
        """Where a sent post can be seen."""
        kind, _, where = self.name.partition(":")
        reference = (post.message_id or "").split()[0] if post.message_id else ""
        number = reference.removeprefix("photo:")
        if not number.isdigit():
            return None
        if kind == "wordpress":
            return f"{where}/?p={number}"
        if kind == "telegram" and where.startswith("@"):
            return f"https://t.me/{where[1:]}/{number}"
        return None


def publishing_routes(desk: Desk) -> APIRouter:
    router = APIRouter(prefix="/desk", include_in_schema=False)
    store = desk.store

    @router.get("/publishing")
    def queue(request: Request, channel: str = "", state: str = "", after: str | None = None,
              visitor: Visitor = Depends(desk.editor)) -> Response:
        channels = _channels(desk.app.config, store.post_counts())
        channel = channel if channel in {c.name for c in channels} else ""
        state = state if state in POST_STATES else ""
        try:
            before = cursor.read_id_cursor(after)
        except cursor.CursorError:
            before = None
        posts = store.channel_posts(channel or None, states=(state,) if state else (),
                                    limit=PAGE + 1, before_story=before)
        older = None
        if len(posts) > PAGE:
            posts = posts[:PAGE]
            query = {k: v for k, v in (("channel", channel), ("state", state)) if v}
            older = f"{BACK}?{urlencode({**query, 'after': cursor.id_cursor(posts[-1].story_id)})}"
        return desk.page(
            request, "desk/publishing.html", visitor, channels=channels, posts=posts,
            by_name={c.name: c for c in channels}, channel=channel, state=state,
            states=POST_STATES, older=older, first_page=before is None, now=datetime.now(UTC),
            titles=store.story_titles([p.story_id for p in posts]),
            here=str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""))

    for action in ("skip", "now", "retry"):
        router.add_api_route(f"/publishing/{{story_id}}/{action}", _act(desk, action),
                             methods=["POST"])
    return router


_DONE = {
    "skip": "Story {story} will not be posted to {channel}.",
    "now": "Story {story} goes out to {channel} at the poster's next round.",
    "retry": "Story {story} will be tried again on {channel} at the poster's next round.",
}
_REFUSED = {
    "skip": "Story {story} cannot be skipped on {channel}: it is sent or being sent.",
    "now": "Story {story} cannot be posted now on {channel}: it is sent or being sent.",
    "retry": "Only a failed post, or one whose delivery is unknown, can be retried.",
}


def _act(desk: Desk, action: str) -> Callable[..., Response]:
    def act(request: Request, story_id: int, posted: Posted = Depends(desk.editor_form)
            ) -> Response:
        channel = posted.text("channel", 300)
        queued = desk.store.channel_post(story_id, channel)
        if action != "now" and queued is None:
            raise DeskRefusal(404, f"Story {story_id} has no post queued on {channel or '?'}.")
        if action == "now" and queued is None and channel not in _configured(desk.app.config):
            raise DeskRefusal(404, f"{channel or 'That channel'} is not a channel of this desk.")
        if action == "skip":
            changed = desk.store.skip_post(story_id, channel,
                                           f"skipped by {posted.visitor.user.name}")
        elif action == "now":
            changed = desk.store.post_now(story_id, channel)
        else:
            changed = desk.store.retry_post(story_id, channel)
        words = {"story": story_id, "channel": channel}
        if not changed:
            raise DeskRefusal(409, _REFUSED[action].format(**words))
        desk.audit(posted.visitor, f"post.{action}", f"story {story_id}", channel)
        back = posted.text("back", 500)
        return desk.done(request, back if back.startswith(BACK) and "//" not in back
                         else BACK, _DONE[action].format(**words))
    return act


def _configured(config: Config) -> dict[str, list[tuple[str, str]]]:
    """The channels this process posts to, with the rules that choose their stories."""
    found: dict[str, list[tuple[str, str]]] = {}
    telegram, wordpress = config.telegram, config.wordpress
    if telegram.enabled:
        found[f"telegram:{telegram.channel}"] = _rules(telegram)
    if wordpress.enabled and wordpress.url:
        found[f"wordpress:{wordpress.url.rstrip('/')}"] = [
            *_rules(wordpress), ("new posts", wordpress.status),
            ("hidden stories", wordpress.hidden)]
    return found


def _rules(settings: object) -> list[tuple[str, str]]:
    """Which stories a channel takes, in words ("any" where a filter is empty)."""
    shown = []
    for name, label in (("sources", "sources"), ("folders", "folders"),
                        ("languages", "languages"), ("keywords", "keywords"),
                        ("exclude", "never with")):
        values = getattr(settings, name, ())
        shown.append((label, ", ".join(str(v) for v in sorted(values, key=str)) or
                      ("none" if name == "exclude" else "any")))
    hold = getattr(settings, "hold_s", None)
    if hold is not None:
        shown.append(("hold", f"{hold / 60:g} min after a story appears"))
    return shown


def _channels(config: Config, counts: dict[str, dict[str, int]]) -> list[Channel]:
    configured = _configured(config)
    names = sorted(set(configured) | set(counts))
    return [Channel(name, {s: counts.get(name, {}).get(s, 0) for s in POST_STATES},
                    configured.get(name)) for name in names]
