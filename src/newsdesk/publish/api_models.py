"""The API's request and response models: what /api/openapi.json promises.

Responses are built by `shapes` (shared with the CLI) and validated against these models, so
the description and the behaviour cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class CreditOut(BaseModel):
    name: str
    desk: str | None = None


class ArticleSummaryOut(BaseModel):
    id: int
    url: str
    title: str
    summary: str
    publisher: str | None
    original_source: CreditOut | None
    published: str | None = Field(description="ISO 8601 time the outlet gives, if any")
    first_seen: str | None
    language: str | None
    story_id: int | None
    relation: str | None = Field(description="original, copy or rewrite")
    source_id: int | None


class EditOut(BaseModel):
    field: str
    offset: int
    before: str
    after: str


class DamageOut(BaseModel):
    before: float
    after: float


class ArticleOut(ArticleSummaryOut):
    text: str
    headings: list[str]
    authors: list[str]
    updated: str | None
    image: str | None
    tags: list[str]
    chrome_removed: list[str]
    repairs: list[EditOut]
    damage: DamageOut
    revision: int


class ArticlePage(BaseModel):
    articles: list[ArticleSummaryOut]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page")


class StoryMemberOut(BaseModel):
    id: int
    url: str
    title: str
    publisher: str | None
    original_source: CreditOut | None
    published: str | None
    relation: str | None


class StoryOut(BaseModel):
    id: int
    title: str
    original: str | None = Field(description="URL of the original article")
    first_seen: str | None
    updated: str | None
    article_count: int
    articles: list[StoryMemberOut]


class StoryPage(BaseModel):
    stories: list[StoryOut] = Field(description="each with its original article only")
    next_cursor: str | None


class SourceOut(BaseModel):
    id: int
    url: str
    name: str
    kind: str
    folder: str | None
    status: str
    interval_s: int
    last_polled_at: str | None
    last_success_at: str | None
    last_error: str | None
    error_count: int
    next_poll_at: str | None
    items_seen: int
    items_failed: int
    settings: dict[str, Any]


class NewSource(BaseModel):
    """A source to follow. The kind must be named: the API never fetches a URL to guess it."""

    url: str = Field(max_length=2000)
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["feed", "sitemap", "page", "telegram"]
    folder: str | None = Field(default=None, max_length=100)
    interval_s: float = Field(default=600.0, ge=60.0, le=86_400.0)


class Removed(BaseModel):
    removed: int


class Problem(BaseModel):
    detail: str


class Rejected(BaseModel):
    entry: str = Field(description="the file's line and the entry's URL")
    reason: str


class ImportOut(BaseModel):
    """What an OPML import did with each entry; importing the same file again adds none."""

    added: list[str]
    present: list[str]
    rejected: list[Rejected]
