"""Records the store hands back: what is kept about sources, articles and stories."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newsdesk.records import Article


@dataclass(slots=True)
class Source:
    """A followed source and its polling state, as `sources list` shows it."""

    id: int
    url: str
    name: str
    kind: str
    folder: str | None
    status: str  # active, paused or disabled
    settings: dict[str, Any]
    created_at: datetime
    interval_s: float
    next_poll_at: datetime
    last_polled_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    error_count: int = 0
    etag: str | None = None
    last_modified: str | None = None
    items_seen: int = 0
    items_failed: int = 0  # items whose page could not be read yet, kept for another try


@dataclass(frozen=True, slots=True)
class NewSource:
    """A source to add in bulk (OPML import)."""

    url: str
    name: str
    kind: str
    folder: str | None = None
    settings: dict[str, Any] | None = None


@dataclass(slots=True)
class StoredArticle:
    """An article as kept: the clean record plus where it came from and where it stands."""

    id: int
    article: Article
    source_id: int | None
    fetch_id: int | None
    guid: str | None
    first_seen: datetime
    revision: int
    story_id: int | None
    relation: str | None
    source_name: str | None = None


@dataclass(slots=True)
class Story:
    """A story: one event, the articles that carry it, and which of them is the original."""

    id: int
    title: str
    original_article_id: int | None
    first_seen: datetime
    updated_at: datetime
    article_count: int
    articles: list[StoredArticle] = field(default_factory=list)
    news_time: datetime | None = None  # the original's publication time (or first sighting)
    merged_into: int | None = None  # set once merged away: the story it joined


@dataclass(slots=True)
class SavedArticle:
    """What `save_article` did: the id, and whether the article is new or a new revision."""

    id: int
    created: bool
    changed: bool


@dataclass(slots=True)
class StoredSignature:
    article_id: int
    story_id: int | None
    published: datetime | None
    scheme: str
    minhash: bytes
    features: bytes


@dataclass(slots=True)
class StoryDecision:
    """A user's correction: ``split`` an article out of a story, or ``merge`` two stories."""

    kind: str
    story_id: int
    article_id: int | None = None
    other_story_id: int | None = None


@dataclass(slots=True)
class FailedItem:
    """An item whose page could not be read; kept until a later try reads it."""

    source_id: int
    url: str
    guid: str | None
    article_id: int | None  # the feed's words, stored meanwhile (page_read False)
    fetch_id: int | None  # the response that could not be read; None when none came
    error: str
    attempts: int
    first_failed: datetime
    last_failed: datetime


@dataclass(slots=True)
class ChannelPost:
    """Where one story's post on one channel stands (see store/posting.py for the states)."""

    story_id: int
    channel: str  # "telegram:@news", "wordpress:https://example.org"
    state: str  # held, pending, sending, sent, failed or skipped
    attempts: int
    last_error: str | None  # why it failed or was skipped
    message_id: str | None  # the channel's reference to the message, once sent
    content_hash: str | None  # what the message shows, to know when it needs an edit
    not_before: datetime | None  # held until, or the next retry
    created_at: datetime
    updated_at: datetime
