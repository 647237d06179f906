"""What publishing reads: filtered pages of stories and articles, search with filters, counts
(the posting queue is in posting.py).

Lists are newest first and paged by cursor (the last row's key), so a page costs the same at
row 100,000 as at row 20. Every query runs on both engines (``?`` placeholders).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from newsdesk.store import rows
from newsdesk.store.base import StoreBase, now
from newsdesk.store.curation import HIDDEN_IDS, VISIBLE
from newsdesk.store.models import StoredArticle, Story

SEARCH_SCAN = 2_000  # hits read, at most, to apply the filters the search index lacks
_SEARCH_BATCH = 200
STORY_COLUMNS = "st.id, st.title, st.original_article_id, st.first_seen, st.updated_at, " \
    "st.article_count, st.news_time"
_STORY_WIDTH = 7  # columns of STORY_COLUMNS, before the original article's


def time_key(moment: datetime) -> str:
    """``moment`` as the text `news_time` columns compare with, on both engines: UTC ISO 8601
    with microseconds (SQLite keeps this very text; PostgreSQL casts it)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def news_time(stored: StoredArticle) -> datetime:
    """When the news came out, as the `news_time` column has it: the publication time, unless
    missing or later than the first sighting (a wrong zone must not pin it to the top)."""
    published = stored.article.published
    return min(published, stored.first_seen) if published else stored.first_seen


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which articles a list or a search keeps; ``None`` means any. Articles the operator
    hid (or whose story is hidden) are left out unless ``include_hidden``; applied to a story
    list, the filter sees the story's original, so hidden stories are left out too."""

    source_id: int | None = None
    folder: str | None = None
    language: str | None = None
    since: datetime | None = None  # news time (publication, or first seen) at or after
    until: datetime | None = None  # news time before
    include_hidden: bool = False  # the desk sees everything

    def where(self) -> tuple[list[str], list[Any]]:
        clauses: list[str] = [] if self.include_hidden else [VISIBLE]
        params: list[Any] = []
        if self.source_id is not None:
            clauses.append("a.source_id = ?")
            params.append(self.source_id)
        if self.folder:  # a folder holds its subfolders too
            clauses.append("(s.folder = ? OR s.folder LIKE ?)")
            params += [self.folder, _subfolders(self.folder)]
        if self.language:
            clauses.append("a.language = ?")
            params.append(self.language)
        if self.since is not None:
            clauses.append("a.news_time >= ?")
            params.append(time_key(self.since))
        if self.until is not None:
            clauses.append("a.news_time < ?")
            params.append(time_key(self.until))
        return clauses, params


def _where(clauses: list[str]) -> str:
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


class PublishingQueries(StoreBase):
    # --- articles -------------------------------------------------------------------------
    def article_page(
        self, filters: ArticleFilter | None = None, *, limit: int = 20,
        before_id: int | None = None,
    ) -> list[StoredArticle]:
        """Articles newest first (by id); ``before_id`` is the last id of the previous page."""
        clauses, params = (filters or ArticleFilter()).where()
        if before_id is not None:
            clauses.append("a.id < ?")
            params.append(before_id)
        with self.reading() as tx:
            found = tx.rows(
                f"SELECT {rows.ARTICLE_COLUMNS} FROM {rows.ARTICLE_FROM} {_where(clauses)}"
                " ORDER BY a.id DESC LIMIT ?", (*params, limit),
            )
        return [rows.article_from_row(r) for r in found]

    def count_articles(self, filters: ArticleFilter | None = None) -> int:
        wanted = filters or ArticleFilter()
        # every match (an index-only count), less the few hidden ones: checking each match
        # for being hidden would read every row
        clauses, params = replace(wanted, include_hidden=True).where()
        source = rows.ARTICLE_FROM if wanted.folder else "articles a"  # join only if needed
        with self.reading() as tx:
            row = tx.row(f"SELECT count(*) FROM {source} {_where(clauses)}", params)
            hidden = None if wanted.include_hidden else tx.row(
                f"SELECT count(*) FROM {source} {_where([*clauses, f'a.id IN ({HIDDEN_IDS})'])}",
                params)
        return (int(row[0]) if row else 0) - (int(hidden[0]) if hidden else 0)

    def article_languages(self) -> list[str]:
        """Every language some article is in, sorted."""
        with self.reading() as tx:
            found = tx.rows("SELECT DISTINCT language FROM articles WHERE language IS NOT NULL")
        return sorted(str(r[0]) for r in found)

    def search_articles(
        self, query: str, filters: ArticleFilter | None = None, *, limit: int = 20,
        offset: int = 0,
    ) -> list[StoredArticle]:
        """Articles matching every word of ``query`` and the filters, best first.

        Source and language are filtered by the search index; folder and dates, which the
        index does not hold, by reading up to `SEARCH_SCAN` hits and keeping those that pass.
        """
        wanted = filters or ArticleFilter()
        if not (wanted.folder or wanted.since or wanted.until):
            return self.search(query, limit=limit, offset=offset, language=wanted.language,
                               source_id=wanted.source_id)
        in_folder = self._folder_source_ids(wanted.folder) if wanted.folder else None
        kept: list[StoredArticle] = []
        for start in range(0, SEARCH_SCAN, _SEARCH_BATCH):
            batch = self.search(query, limit=_SEARCH_BATCH, offset=start,
                                language=wanted.language, source_id=wanted.source_id)
            kept.extend(a for a in batch if _passes(a, wanted, in_folder))
            if len(kept) >= offset + limit or len(batch) < _SEARCH_BATCH:
                break
        return kept[offset : offset + limit]

    def _folder_source_ids(self, folder: str) -> set[int]:
        with self.reading() as tx:
            return {int(r[0]) for r in tx.rows(
                "SELECT id FROM sources WHERE folder = ? OR folder LIKE ?",
                (folder, _subfolders(folder)))}

    # --- stories --------------------------------------------------------------------------
    def story_page(
        self, filters: ArticleFilter | None = None, *, limit: int = 20,
        before: tuple[datetime, int] | None = None,
    ) -> list[Story]:
        """Stories, newest news first (the original's publication time, or first sighting);
        each ``articles`` holds only the original.

        ``filters`` apply to the original article; ``before`` is the (news_time, id) of the
        last story on the previous page.
        """
        clauses, params = (filters or ArticleFilter()).where()
        clauses.insert(0, "st.article_count > 0")
        if before is not None:
            clauses.append("(st.news_time, st.id) < (?, ?)")  # row values: one index range
            params.extend((time_key(before[0]), before[1]))
        return self._headlines(clauses, params, "st.news_time DESC, st.id DESC", limit)

    def new_story_page(
        self, filters: ArticleFilter | None = None, *, limit: int = 20,
        before_id: int | None = None,
    ) -> list[Story]:
        """Stories newest first by creation (feeds); ``articles`` holds only the original."""
        clauses, params = (filters or ArticleFilter()).where()
        clauses.insert(0, "st.article_count > 0")
        if before_id is not None:
            clauses.append("st.id < ?")
            params.append(before_id)
        return self._headlines(clauses, params, "st.id DESC", limit)

    def _headlines(self, clauses: list[str], params: list[Any], order: str,
                   limit: int) -> list[Story]:
        """Stories with their original article, filtered and ordered as asked."""
        with self.reading() as tx:
            found = tx.rows(
                f"SELECT {STORY_COLUMNS}, {rows.ARTICLE_COLUMNS} FROM stories st"
                " JOIN articles a ON a.id = st.original_article_id"
                f" LEFT JOIN sources s ON s.id = a.source_id {_where(clauses)}"
                f" ORDER BY {order} LIMIT ?", (*params, limit),
            )
        return [_headline(r) for r in found]


def _subfolders(folder: str) -> str:
    """A LIKE pattern for the folders nested in ``folder`` (``_`` and ``%`` taken literally
    would need ESCAPE; folder names with them only match more widely, never less)."""
    return folder.rstrip("/") + "/%"


def _passes(stored: StoredArticle, wanted: ArticleFilter, in_folder: set[int] | None) -> bool:
    moment = news_time(stored)
    if wanted.since and moment < wanted.since:
        return False
    if wanted.until and moment >= wanted.until:
        return False
    return in_folder is None or stored.source_id in in_folder


def story_from_row(row: tuple[Any, ...]) -> Story:
    """A story from the `STORY_COLUMNS` at the start of ``row`` (no articles yet)."""
    return Story(
        id=int(row[0]), title=row[1], original_article_id=row[2],
        first_seen=rows.utc(row[3]) or now(), updated_at=rows.utc(row[4]) or now(),
        article_count=int(row[5]), news_time=rows.utc(row[6]),
    )


def _headline(row: tuple[Any, ...]) -> Story:
    story = story_from_row(row)
    story.articles.append(rows.article_from_row(row[_STORY_WIDTH:]))
    return story
