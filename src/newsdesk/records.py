"""The plain records that pass between pipeline stages.

Stages take and return these; none of them knows about the database or the network.
Times are timezone-aware ``datetime`` objects (UTC when the input gave no zone).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class SourceKind(StrEnum):
    """What kind of input a source is; each kind has its own parser in ``newsdesk.sources``."""

    FEED = "feed"  # RSS 0.9x/1.0/2.0, Atom 1.0, JSON Feed 1.1
    SITEMAP = "sitemap"  # news sitemap or sitemap index
    PAGE = "page"  # HTML section page listing article links
    TELEGRAM = "telegram"  # public channel preview page, t.me/s/NAME


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One entry a source lists: a feed item, a sitemap URL, a link, a channel post.

    Every source kind maps its input into this one record, so the rest of the pipeline never
    knows where an item came from. ``content_html`` is already sanitised when present.
    """

    url: str
    guid: str | None = None
    title: str | None = None
    summary: str | None = None
    content_html: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    authors: tuple[str, ...] = ()
    image: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None


@dataclass(slots=True)
class ParsedSource:
    """What a source document yielded: its items, plus what it says about itself."""

    kind: SourceKind
    items: list[SourceItem]
    title: str | None = None
    site_url: str | None = None
    language: str | None = None
    next_page: str | None = None  # e.g. a Telegram ``?before=ID`` page or a sitemap index child
    child_urls: list[str] = field(default_factory=list)  # sitemap index entries
    warnings: list[str] = field(default_factory=list)  # recovered problems, e.g. broken XML


@dataclass(slots=True)
class FetchResult:
    """One HTTP response, kept whole so anything can be reprocessed later."""

    url: str  # what was asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes  # decoded transfer encoding, raw content bytes
    fetched_at: datetime
    elapsed_ms: float = 0.0
    charset: str | None = None  # from headers, BOM or meta, else sniffed

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self) -> str:
        return self.body.decode(self.charset or "utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Credit:
    """The outlet a page credits as the origin of its story."""

    name: str
    desk: str | None = None


@dataclass(frozen=True, slots=True)
class Edit:
    """One repair: ``before`` at ``offset`` (in the original text of ``field``) became ``after``."""

    field: str  # "title", "summary" or "text"
    offset: int
    before: str
    after: str


@dataclass(slots=True)
class Article:
    """A clean article: what ``extract`` finds in a page and ``repair`` mends."""

    url: str
    title: str = ""
    summary: str = ""
    text: str = ""  # paragraphs separated by blank lines
    headings: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    language: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    publisher: str | None = None
    original_source: Credit | None = None
    chrome_removed: list[str] = field(default_factory=list)
    repairs: list[Edit] = field(default_factory=list)
    damage_before: float = 0.0
    damage_after: float = 0.0
    warnings: list[str] = field(default_factory=list)  # steps that failed and fell back
    page_read: bool = True  # False: the page could not be read; the feed item's words only
    origin_url: str | None = None  # a canonical URL on another site: evidence of the origin


class Relation(StrEnum):
    """How an article stands in its story."""

    ORIGINAL = "original"
    COPY = "copy"
    REWRITE = "rewrite"


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where grouping put an article: an existing story (``story_id``) or a new one (None)."""

    story_id: int | None
    relation: Relation
    score: float = 1.0
