"""Conversions between records and table rows, shared by both stores."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from newsdesk.records import Article, Credit, Edit
from newsdesk.store.models import Source, StoredArticle

SOURCE_COLUMNS = (
    "id, url, name, kind, folder, status, settings, created_at, interval_s, next_poll_at, "
    "last_polled_at, last_success_at, last_error, error_count, etag, last_modified, items_seen, "
    "items_failed"
)

ARTICLE_FIELDS = (
    "url", "title", "summary", "text", "headings", "authors", "published", "updated",
    "language", "image", "tags", "publisher", "original_source_name", "original_source_desk",
    "chrome_removed", "repairs", "damage_before", "damage_after", "warnings", "page_read",
    "origin_url", "content_hash",
)
ARTICLE_COLUMNS = (
    "a.id, a.source_id, a.fetch_id, a.guid, a.first_seen, a.revision, a.story_id, a.relation, "
    + ", ".join(f"a.{name}" for name in ARTICLE_FIELDS)
    + ", s.name"
)
ARTICLE_FROM = "articles a LEFT JOIN sources s ON s.id = a.source_id"


def utc(value: datetime | str | None) -> datetime | None:
    """A row's time as an aware datetime (SQLite keeps ISO text, PostgreSQL timestamptz)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def content_hash(article: Article) -> str:
    """What decides whether a re-fetched article is a new revision."""
    digest = hashlib.sha256()
    for part in (article.title, article.summary, article.text):
        digest.update(part.encode())
        digest.update(b"\0")
    if not article.page_read:  # the page read at last is a change even with the same words
        digest.update(b"feed item only")
    return digest.hexdigest()[:32]


def article_values(article: Article) -> tuple[Any, ...]:
    credit = article.original_source
    values = {
        "url": article.canonical_url or article.url,
        "title": article.title,
        "summary": article.summary,
        "text": article.text,
        "headings": json.dumps(article.headings, ensure_ascii=False),
        "authors": json.dumps(article.authors, ensure_ascii=False),
        "published": article.published,
        "updated": article.updated,
        "language": article.language,
        "image": article.image,
        "tags": json.dumps(article.tags, ensure_ascii=False),
        "publisher": article.publisher,
        "original_source_name": credit.name if credit else None,
        "original_source_desk": credit.desk if credit else None,
        "chrome_removed": json.dumps(article.chrome_removed, ensure_ascii=False),
        "repairs": json.dumps([edit_to_json(e) for e in article.repairs], ensure_ascii=False),
        "damage_before": article.damage_before,
        "damage_after": article.damage_after,
        "warnings": json.dumps(article.warnings, ensure_ascii=False),
        "page_read": article.page_read,
        "origin_url": article.origin_url,
        "content_hash": content_hash(article),
    }
    return tuple(values[name] for name in ARTICLE_FIELDS)


def edit_to_json(edit: Edit) -> dict[str, Any]:
    return {"field": edit.field, "offset": edit.offset, "before": edit.before, "after": edit.after}


def article_from_row(row: Sequence[Any]) -> StoredArticle:
    (id_, source_id, fetch_id, guid, first_seen, revision, story_id, relation) = row[:8]
    f = dict(zip(ARTICLE_FIELDS, row[8 : 8 + len(ARTICLE_FIELDS)], strict=True))
    credit = None
    if f["original_source_name"]:
        credit = Credit(f["original_source_name"], f["original_source_desk"])
    article = Article(
        url=f["url"],
        title=f["title"],
        summary=f["summary"],
        text=f["text"],
        headings=json.loads(f["headings"]),
        authors=json.loads(f["authors"]),
        published=utc(f["published"]),
        updated=utc(f["updated"]),
        language=f["language"],
        canonical_url=f["url"],
        image=f["image"],
        tags=json.loads(f["tags"]),
        publisher=f["publisher"],
        original_source=credit,
        chrome_removed=json.loads(f["chrome_removed"]),
        repairs=[Edit(**e) for e in json.loads(f["repairs"])],
        damage_before=f["damage_before"],
        damage_after=f["damage_after"],
        warnings=json.loads(f["warnings"]),
        page_read=bool(f["page_read"]),
        origin_url=f["origin_url"],
    )
    return StoredArticle(
        id=id_,
        article=article,
        source_id=source_id,
        fetch_id=fetch_id,
        guid=guid,
        first_seen=utc(first_seen) or datetime.now(UTC),
        revision=revision,
        story_id=story_id,
        relation=relation,
        source_name=row[-1],
    )


def source_from_row(row: Sequence[Any]) -> Source:
    (id_, url, name, kind, folder, status, settings, created_at, interval_s, next_poll_at,
     last_polled_at, last_success_at, last_error, error_count, etag, last_modified,
     items_seen, items_failed) = row
    return Source(
        id=id_, url=url, name=name, kind=kind, folder=folder, status=status,
        settings=json.loads(settings) if isinstance(settings, str) else dict(settings),
        created_at=utc(created_at) or datetime.now(UTC), interval_s=interval_s,
        next_poll_at=utc(next_poll_at) or datetime.now(UTC),
        last_polled_at=utc(last_polled_at), last_success_at=utc(last_success_at),
        last_error=last_error, error_count=error_count, etag=etag,
        last_modified=last_modified, items_seen=items_seen, items_failed=items_failed,
    )
