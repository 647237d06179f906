"""What the site's pages read beyond plain lists: article timelines (by news time, by tag),
sections, stories found by search (one result per story), and the sitemaps' rows.

Timelines are newest news first and paged by (news_time, id): the key of the last row shown,
so a deep page costs what the first does. Every query runs on both engines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsdesk.store import rows
from newsdesk.store.curation import VISIBLE
from newsdesk.store.models import StoredArticle, Story
from newsdesk.store.publishing import (
    SEARCH_SCAN,
    STORY_COLUMNS,
    ArticleFilter,
    PublishingQueries,
    _passes,
    _where,
    story_from_row,
    time_key,
)

_FIRST_BATCH = 60  # hits read for a first page of stories; later batches read more
_BATCH = 200
Key = tuple[datetime, int]  # (news_time, id): where a page ends


@dataclass(slots=True)
class Timeline:
    """One page of a timeline, and the key to start the next page after (None: the end)."""

    articles: list[StoredArticle]
    more: Key | None = None


@dataclass(slots=True)
class StoryMatch:
    """One search result: a story (None for an article in no story) and its articles that
    match, best first."""

    story: Story | None
    articles: list[StoredArticle] = field(default_factory=list)

    @property
    def best(self) -> StoredArticle:
        return self.articles[0]


@dataclass(frozen=True, slots=True)
class NewsEntry:
    """A story as the news sitemap lists it."""

    story_id: int
    title: str
    language: str | None
    news_time: datetime


@dataclass(frozen=True, slots=True)
class SitemapMonth:
    """How many stories and articles came out in one calendar month (UTC), and the latest."""

    month: datetime  # the first instant of the month
    stories: int
    articles: int
    latest: datetime


# A story the sitemaps list: it has articles and the operator has not hidden it.
_STORY_LISTED = "article_count > 0 AND hidden IS NULL"


class SiteQueries(PublishingQueries):
    # --- timelines --------------------------------------------------------------------------
    def article_timeline(
        self, filters: ArticleFilter | None = None, *, tag: str | None = None, limit: int = 20,
        before: Key | None = None,
    ) -> Timeline:
        """Articles newest news first, filtered, optionally only those tagged ``tag``."""
        clauses, params = (filters or ArticleFilter()).where()
        if tag is None:
            source, time, ident = rows.ARTICLE_FROM, "a.news_time", "a.id"
        else:
            source = "article_tags t JOIN articles a ON a.id = t.article_id" \
                " LEFT JOIN sources s ON s.id = a.source_id"
            time, ident = "t.news_time", "t.article_id"
            clauses.insert(0, "t.tag = ?")
            params.insert(0, tag)
        if before is not None:
            clauses.append(f"({time}, {ident}) < (?, ?)")
            params += [time_key(before[0]), before[1]]
        with self.reading() as tx:
            found = tx.rows(
                f"SELECT {rows.ARTICLE_COLUMNS}, a.news_time FROM {source} {_where(clauses)}"
                f" ORDER BY {time} DESC, {ident} DESC LIMIT ?", (*params, limit + 1))
        articles = [rows.article_from_row(r[:-1]) for r in found[:limit]]
        more = None
        if len(found) > limit:
            last = found[limit - 1]
            more = (rows.utc(last[-1]) or datetime.now(UTC), int(last[0]))
        return Timeline(articles, more)

    def top_folders(self) -> list[str]:
        """The sections of the site: every top-level folder of the followed sources, sorted."""
        with self.reading() as tx:
            found = tx.rows("SELECT DISTINCT folder FROM sources WHERE folder IS NOT NULL")
        tops = {str(r[0]).strip("/").split("/")[0].strip() for r in found}
        return sorted((t for t in tops if t), key=str.casefold)

    def stories_since(self, since: datetime, *, limit: int = 1000) -> list[NewsEntry]:
        """Stories whose news came out at or after ``since``, newest first (news sitemap)."""
        with self.reading() as tx:
            found = tx.rows(
                "SELECT st.id, st.title, a.title, a.language, st.news_time FROM stories st"
                " JOIN articles a ON a.id = st.original_article_id WHERE st.article_count > 0"
                f" AND {VISIBLE} AND st.news_time >= ?"
                " ORDER BY st.news_time DESC, st.id DESC LIMIT ?",
                (time_key(since), limit))
        return [NewsEntry(int(r[0]), r[1] or r[2] or "", r[3],
                          rows.utc(r[4]) or datetime.now(UTC)) for r in found]

    # --- search, one result per story -------------------------------------------------------
    def search_stories(
        self, query: str, filters: ArticleFilter | None = None, *, limit: int = 20,
        offset: int = 0,
    ) -> list[StoryMatch]:
        """Stories holding every word of ``query`` (stemmed), best first: each story once,
        with its matching articles. Reads at most `SEARCH_SCAN` hits."""
        wanted = filters or ArticleFilter()
        in_folder = self._folder_source_ids(wanted.folder) if wanted.folder else None
        groups: dict[tuple[str, int], StoryMatch] = {}
        for batch in self._hit_batches(query, wanted):
            for stored in batch:
                if not _passes(stored, wanted, in_folder):
                    continue
                key = ("story", stored.story_id) if stored.story_id else ("article", stored.id)
                groups.setdefault(key, StoryMatch(None)).articles.append(stored)
            if len(groups) > offset + limit:
                break
        page = list(groups.values())[offset : offset + limit]
        self._attach_stories(page)
        return page

    def _hit_batches(self, query: str, wanted: ArticleFilter) -> Iterator[list[StoredArticle]]:
        start, size = 0, _FIRST_BATCH
        while start < SEARCH_SCAN:
            batch = self.search(query, limit=size, offset=start, language=wanted.language,
                                source_id=wanted.source_id)
            yield batch
            if len(batch) < size:
                return
            start, size = start + size, _BATCH

    def _attach_stories(self, matches: list[StoryMatch]) -> None:
        ids = sorted({m.best.story_id for m in matches if m.best.story_id})
        if not ids:
            return
        marks = ", ".join("?" * len(ids))
        with self.reading() as tx:
            found = tx.rows(
                f"SELECT {STORY_COLUMNS} FROM stories st WHERE st.id IN ({marks})", ids)
        stories = {int(r[0]): story_from_row(r) for r in found}
        for match in matches:
            match.story = stories.get(match.best.story_id or 0)

    # --- sitemaps ---------------------------------------------------------------------------
    def sitemap_months(self) -> list[SitemapMonth]:
        """Every month with stories or articles, oldest first."""
        with self.reading() as tx:
            row = tx.row("SELECT min(news_time), max(news_time) FROM articles")
            if row is None or row[0] is None:
                return []
            first, last = rows.utc(row[0]), rows.utc(row[1])
            assert first is not None and last is not None
            months = []
            for start, end in _months(first, last):
                bounds = (time_key(start), time_key(end))
                counted = [tx.row(f"SELECT count(*), max(news_time) FROM {table} WHERE {extra}"
                                  " AND news_time >= ? AND news_time < ?", bounds)
                           for table, extra in (("stories", _STORY_LISTED),
                                                ("articles a", VISIBLE))]
                latest = max((rows.utc(c[1]) for c in counted if c and c[1]), default=None)
                if latest is not None:
                    months.append(SitemapMonth(start, int(counted[0][0]), int(counted[1][0]),
                                               latest))
        return months

    def sitemap_entries(
        self, kind: str, start: datetime, end: datetime, *, offset: int = 0,
        limit: int = 50_000,
    ) -> list[tuple[int, datetime]]:
        """(id, last modified) of the stories or articles whose news came out in
        [start, end), oldest first."""
        if kind == "stories":
            sql = (f"SELECT id, news_time, updated_at FROM stories WHERE {_STORY_LISTED} AND"
                   " news_time >= ? AND news_time < ? ORDER BY news_time, id LIMIT ? OFFSET ?")
        else:
            sql = (f"SELECT a.id, a.news_time, a.updated FROM articles a WHERE {VISIBLE} AND"
                   " a.news_time >= ? AND a.news_time < ? ORDER BY a.news_time, a.id"
                   " LIMIT ? OFFSET ?")
        with self.reading() as tx:
            found = tx.rows(sql, (time_key(start), time_key(end), limit, offset))
        return [(int(r[0]), _last_modified(rows.utc(r[1]), rows.utc(r[2]))) for r in found]


def _last_modified(news: datetime | None, changed: datetime | None) -> datetime:
    """The later of the news time and the last change, never in the future."""
    moment = news or datetime.now(UTC)
    if changed and moment < changed <= datetime.now(UTC):
        return changed
    return moment


def _months(first: datetime, last: datetime) -> Iterator[tuple[datetime, datetime]]:
    start = datetime(first.year, first.month, 1, tzinfo=UTC)
    while start <= last:
        end = datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=UTC)
        yield start, end
        start = end
