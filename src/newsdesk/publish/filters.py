"""Reader-facing filters (source, folder, language, a range of days) → the store's filter."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from newsdesk.ids import checked_id
from newsdesk.store.publishing import ArticleFilter

MAX_QUERY_CHARS = 200  # a search longer than this is not a reader's question


def article_filter(
    *, source: int | None = None, folder: str | None = None, language: str | None = None,
    since: date | None = None, until: date | None = None, zone: tzinfo = UTC,
) -> ArticleFilter:
    """``since`` and ``until`` are whole days, both included, in ``zone`` (the API's UTC,
    the site's own time zone). A ``source`` no row can have raises ``IdError`` (a 404)."""
    return ArticleFilter(
        source_id=None if source is None else checked_id(source, "source"),
        folder=folder or None,
        language=(language or "").strip().lower() or None,
        since=datetime.combine(since, time(), zone) if since else None,
        until=datetime.combine(until + timedelta(days=1), time(), zone) if until else None,
    )


def parse_day(text: str | None) -> date | None:
    """A YYYY-MM-DD form value, or None when empty or not a date."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None
