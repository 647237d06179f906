"""One small interface for every channel newsdesk posts stories to (Telegram; WordPress next).

A ``Publisher`` knows its channel: how a story reads there (``compose``), how to send a new
post and how to edit a sent one. Everything else is the same for every channel and lives in
``poster.Poster``: which stories go out (``PostingRules``), the hold, claiming before sending,
retries, edits when a story's origin changes, and the state kept in the store's posting queue.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from newsdesk.store import Story


class PublishError(Exception):
    """The channel refused or failed a request; the message says which and why."""

    def __init__(self, message: str, *, status: int = 0, retry_after: float | None = None,
                 delivered_unknown: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after  # the channel asked to wait this long (seconds)
        self.delivered_unknown = delivered_unknown  # the request may have gone through


@dataclass(frozen=True)
class StoryToPost:
    """What a post says about a story, whatever the channel."""

    story_id: int
    title: str
    summary: str
    credit: str | None  # the outlet that reported it first; never a channel relaying it
    link: str
    link_outlet: str | None  # whose page the link opens; None: our own site's story page
    image: str | None
    hashtags: tuple[str, ...]
    language: str | None


@dataclass(frozen=True)
class Composed:
    """A story as one channel shows it; ``digest`` tells whether a sent post needs an edit."""

    story: StoryToPost
    body: str  # the channel's own markup
    image: str | None = None

    @property
    def digest(self) -> str:
        data = f"{self.body}\0{self.image or ''}".encode()
        return hashlib.sha256(data).hexdigest()[:32]


class Publisher(Protocol):
    """A channel. ``channel`` names it in the store ("telegram:@news"); the rest is async."""

    channel: str

    def compose(self, story: StoryToPost) -> Composed:
        """How ``story`` reads on this channel."""

    async def send(self, post: Composed) -> str:
        """Publish ``post``; the channel's reference to the new message."""

    async def edit(self, message_id: str, post: Composed) -> str:
        """Make the sent message ``message_id`` show ``post``; its (maybe new) reference."""

    async def open(self) -> None:
        """Get ready to send (open connections)."""

    async def close(self) -> None:
        """Release what ``open`` took."""


@dataclass(frozen=True)
class PostingRules:
    """Which stories a channel gets, and when. Empty sets mean any. A story passes when its
    original article is from one of ``sources`` or ``folders`` (a folder holds its
    subfolders), in one of ``languages``, mentions a ``keywords`` entry (if any are given)
    and none of ``exclude``. It is posted ``hold`` after it appears, so that its origin is
    known by then; stories that appeared more than ``max_age`` before the poster started
    are never posted (a first start does not flood the channel)."""

    sources: frozenset[int] = frozenset()
    folders: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    hold: timedelta = timedelta(minutes=5)
    max_age: timedelta = timedelta(days=1)

    def refusal(self, story: Story, folder: str | None = None) -> str | None:
        """Why ``story`` does not go out (None: it does). ``folder``: the folder of the
        source of its original."""
        original = story.articles[0]
        a = original.article
        if self.sources and original.source_id not in self.sources:
            return "its source is not one of the channel's sources"
        if self.folders and not any(folder == f or (folder or "").startswith(f.rstrip("/") + "/")
                                    for f in self.folders):
            return "its source is not in one of the channel's folders"
        if self.languages and (a.language or "").lower() not in self.languages:
            return f"its language ({a.language or 'unknown'}) is not one of the channel's"
        haystack = f"{story.title} {a.title} {a.summary}".casefold()
        excluded = next((k for k in self.exclude if k.casefold() in haystack), None)
        if excluded is not None:
            return f"it mentions the excluded keyword {excluded!r}"
        if self.keywords and not any(k.casefold() in haystack for k in self.keywords):
            return "it mentions none of the channel's keywords"
        return None
