"""The JSON shapes of articles, stories and sources: one definition for the CLI and the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsdesk.records import Article, Credit
from newsdesk.store import Source, StoredArticle, Story


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def credit(value: Credit | None) -> dict[str, str] | None:
    if value is None:
        return None
    shape = {"name": value.name}
    if value.desk:
        shape["desk"] = value.desk
    return shape


def extracted(article: Article) -> dict[str, Any]:
    """What `newsdesk extract --json` prints for one page."""
    return {
        "title": article.title,
        "summary": article.summary,
        "text": article.text,
        "headings": article.headings,
        "authors": article.authors,
        "published": _time(article.published),
        "updated": _time(article.updated),
        "language": article.language,
        "url": article.canonical_url or article.url,
        "image": article.image,
        "tags": article.tags,
        "publisher": article.publisher,
        "original_source": credit(article.original_source),
        "chrome_removed": article.chrome_removed,
        "repairs": [
            {"field": e.field, "offset": e.offset, "before": e.before, "after": e.after}
            for e in article.repairs
        ],
        "damage": {"before": article.damage_before, "after": article.damage_after},
        "warnings": article.warnings,
        "origin_url": article.origin_url,
    }


def article_summary(stored: StoredArticle) -> dict[str, Any]:
    """An article in a list: search results, a story's members."""
    a = stored.article
    return {
        "id": stored.id,
        "url": a.canonical_url or a.url,
        "title": a.title,
        "summary": a.summary,
        "publisher": a.publisher,
        "original_source": credit(a.original_source),
        "published": _time(a.published),
        "first_seen": _time(stored.first_seen),
        "language": a.language,
        "story_id": stored.story_id,
        "relation": stored.relation,
        "source_id": stored.source_id,
    }


def article_full(stored: StoredArticle) -> dict[str, Any]:
    return {**extracted(stored.article), **article_summary(stored), "revision": stored.revision}


def story(value: Story) -> dict[str, Any]:
    original = next((a for a in value.articles if a.id == value.original_article_id), None)
    return {
        "id": value.id,
        "title": value.title,
        "original": (original.article.canonical_url or original.article.url) if original else None,
        "first_seen": _time(value.first_seen),
        "updated": _time(value.updated_at),
        "article_count": value.article_count,
        "articles": [
            {
                "id": a.id,
                "url": a.article.canonical_url or a.article.url,
                "title": a.article.title,
                "publisher": a.article.publisher,
                "original_source": credit(a.article.original_source),
                "published": _time(a.article.published),
                "relation": a.relation,
            }
            for a in value.articles
        ],
    }


def source(value: Source) -> dict[str, Any]:
    return {
        "id": value.id,
        "url": value.url,
        "name": value.name,
        "kind": value.kind,
        "folder": value.folder,
        "status": value.status,
        "interval_s": round(value.interval_s),
        "last_polled_at": _time(value.last_polled_at),
        "last_success_at": _time(value.last_success_at),
        "last_error": value.last_error,
        "error_count": value.error_count,
        "next_poll_at": _time(value.next_poll_at),
        "items_seen": value.items_seen,
        "items_failed": value.items_failed,
        "settings": value.settings,
    }
