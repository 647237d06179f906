"""The store: the one place that talks to the database.

`SQLStore` holds every query; `SQLiteStore` and `PostgresStore` supply connections,
transactions, the schema and full-text search for their engine. Queries use ``?``
placeholders; the PostgreSQL transaction rewrites them to ``%s``.
"""

from __future__ import annotations

import json
import zlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Protocol

from newsdesk.records import Article, FetchResult, Relation
from newsdesk.store import rows
from newsdesk.store.models import (
    SavedArticle,
    Source,
    StoredArticle,
    StoredSignature,
    Story,
    StoryDecision,
)


class StoreError(Exception):
    """The database could not be opened or used; the message says what to do."""


class Tx(Protocol):
    """One transaction: run statements, read rows."""

    def run(self, sql: str, params: Sequence[Any] = ()) -> None: ...
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...
    def row(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None: ...


def _now() -> datetime:
    return datetime.now(UTC)


class SQLStore(ABC):
    """Every query newsdesk makes, for either engine."""

    url: str

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Tx]:
        """A transaction that commits on success and rolls back on error."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def search(
        self, query: str, *, limit: int = 20, offset: int = 0, language: str | None = None,
        source_id: int | None = None,
    ) -> list[StoredArticle]:
        """Articles matching every word of ``query``, best first."""

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sources ---------------------------------------------------------------------------

    def add_source(
        self, url: str, *, name: str, kind: str, interval_s: float,
        folder: str | None = None, settings: dict[str, Any] | None = None,
    ) -> Source:
        now = _now()
        with self.transaction() as tx:
            if tx.row("SELECT id FROM sources WHERE url = ?", (url,)):
                raise StoreError(
                    f"the source {url} is already followed; see `newsdesk sources list`"
                )
            row = tx.row(
                "INSERT INTO sources (url, name, kind, folder, settings, created_at, interval_s,"
                " next_poll_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (url, name, kind, folder, json.dumps(settings or {}), now, interval_s, now),
            )
        assert row is not None
        return self.get_source(row[0])

    def get_source(self, source_id: int) -> Source:
        with self.transaction() as tx:
            row = tx.row(f"SELECT {rows.SOURCE_COLUMNS} FROM sources WHERE id = ?", (source_id,))
        if row is None:
            raise StoreError(f"there is no source {source_id}; see `newsdesk sources list`")
        return rows.source_from_row(row)

    def list_sources(self) -> list[Source]:
        with self.transaction() as tx:
            found = tx.rows(f"SELECT {rows.SOURCE_COLUMNS} FROM sources ORDER BY id")
        return [rows.source_from_row(r) for r in found]

    def due_sources(self, now: datetime | None = None) -> list[Source]:
        with self.transaction() as tx:
            found = tx.rows(
                f"SELECT {rows.SOURCE_COLUMNS} FROM sources WHERE status = 'active'"
                " AND next_poll_at <= ? ORDER BY next_poll_at",
                (now or _now(),),
            )
        return [rows.source_from_row(r) for r in found]

    def remove_source(self, source_id: int) -> None:
        self.get_source(source_id)
        with self.transaction() as tx:
            tx.run("DELETE FROM sources WHERE id = ?", (source_id,))

    def update_source(self, source_id: int, **fields: Any) -> Source:
        """Set columns of one source (polling state, status, name, folder, settings)."""
        allowed = set(rows.SOURCE_COLUMNS.replace(" ", "").split(",")) - {"id", "url", "created_at"}
        unknown = set(fields) - allowed
        if unknown:
            raise StoreError(f"unknown source field(s): {', '.join(sorted(unknown))}")
        if "settings" in fields:
            fields["settings"] = json.dumps(fields["settings"])
        if fields:
            assignments = ", ".join(f"{name} = ?" for name in fields)
            with self.transaction() as tx:
                tx.run(
                    f"UPDATE sources SET {assignments} WHERE id = ?",
                    (*fields.values(), source_id),
                )
        return self.get_source(source_id)

    # -- raw fetches -------------------------------------------------------------------------

    def save_fetch(self, result: FetchResult, source_id: int | None = None) -> int:
        """Keep a response whole (body compressed) so it can be reprocessed later."""
        with self.transaction() as tx:
            row = tx.row(
                "INSERT INTO fetches (source_id, url, final_url, status, headers, body, charset,"
                " fetched_at, elapsed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (source_id, result.url, result.final_url, result.status,
                 json.dumps(result.headers), zlib.compress(result.body, 6), result.charset,
                 result.fetched_at, result.elapsed_ms),
            )
        assert row is not None
        return int(row[0])

    def get_fetch(self, fetch_id: int) -> FetchResult:
        with self.transaction() as tx:
            row = tx.row(
                "SELECT url, final_url, status, headers, body, charset, fetched_at, elapsed_ms"
                " FROM fetches WHERE id = ?", (fetch_id,),
            )
        if row is None:
            raise StoreError(f"there is no stored fetch {fetch_id}")
        url, final_url, status, headers, body, charset, fetched_at, elapsed = row
        return FetchResult(
            url=url, final_url=final_url, status=status, headers=json.loads(headers),
            body=zlib.decompress(bytes(body)), fetched_at=rows.utc(fetched_at) or _now(),
            elapsed_ms=elapsed, charset=charset,
        )

    # -- articles ----------------------------------------------------------------------------

    def seen_guid(self, source_id: int, guid: str) -> bool:
        with self.transaction() as tx:
            return tx.row(
                "SELECT 1 FROM source_items WHERE source_id = ? AND guid = ?", (source_id, guid)
            ) is not None

    def find_article_id(self, url: str) -> int | None:
        with self.transaction() as tx:
            row = tx.row("SELECT id FROM articles WHERE url = ?", (url,))
        return None if row is None else int(row[0])

    def remember_guid(self, source_id: int, guid: str, article_id: int | None) -> None:
        with self.transaction() as tx:
            tx.run(
                "INSERT INTO source_items (source_id, guid, article_id, first_seen)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (source_id, guid) DO NOTHING",
                (source_id, guid, article_id, _now()),
            )

    def save_article(
        self, article: Article, *, source_id: int | None, fetch_id: int | None,
        guid: str | None = None,
    ) -> SavedArticle:
        """Insert a new article, or keep a changed one as a new revision of the same row."""
        values = rows.article_values(article)
        url, new_hash = values[0], values[-1]
        with self.transaction() as tx:
            old = tx.row("SELECT id, content_hash, revision, title, summary, text, fetch_id"
                         " FROM articles WHERE url = ?", (url,))
            if old is None:
                cols = ", ".join(rows.ARTICLE_FIELDS)
                marks = ", ".join("?" * len(rows.ARTICLE_FIELDS))
                row = tx.row(
                    f"INSERT INTO articles ({cols}, source_id, fetch_id, guid, first_seen)"
                    f" VALUES ({marks}, ?, ?, ?, ?) RETURNING id",
                    (*values, source_id, fetch_id, guid, _now()),
                )
                assert row is not None
                saved = SavedArticle(int(row[0]), created=True, changed=True)
            elif old[1] == new_hash:
                saved = SavedArticle(int(old[0]), created=False, changed=False)
            else:
                self._save_revision(tx, old, article, fetch_id, values)
                saved = SavedArticle(int(old[0]), created=False, changed=True)
            if guid and source_id is not None:
                tx.run(
                    "INSERT INTO source_items (source_id, guid, article_id, first_seen)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (source_id, guid) DO NOTHING",
                    (source_id, guid, saved.id, _now()),
                )
        return saved

    def _save_revision(
        self, tx: Tx, old: tuple[Any, ...], article: Article, fetch_id: int | None,
        values: tuple[Any, ...],
    ) -> None:
        article_id, _, revision, title, summary, text, old_fetch = old
        tx.run(
            "INSERT INTO article_revisions (article_id, revision, fetch_id, title, summary,"
            " text, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (article_id, revision, old_fetch, title, summary, text, _now()),
        )
        assignments = ", ".join(f"{name} = ?" for name in rows.ARTICLE_FIELDS[1:])
        tx.run(
            f"UPDATE articles SET {assignments}, fetch_id = ?, revision = revision + 1"
            " WHERE id = ?",
            (*values[1:], fetch_id, article_id),
        )

    def get_article(self, article_id: int) -> StoredArticle:
        with self.transaction() as tx:
            row = tx.row(f"SELECT {rows.ARTICLE_COLUMNS} FROM {rows.ARTICLE_FROM}"
                         " WHERE a.id = ?", (article_id,))
        if row is None:
            raise StoreError(f"there is no article {article_id}")
        return rows.article_from_row(row)

    def list_articles(
        self, *, limit: int = 50, before_id: int | None = None, source_id: int | None = None,
    ) -> list[StoredArticle]:
        """Newest first; ``before_id`` is the cursor for the next page."""
        where, params = self._article_filters(before_id=before_id, source_id=source_id)
        with self.transaction() as tx:
            found = tx.rows(
                f"SELECT {rows.ARTICLE_COLUMNS} FROM {rows.ARTICLE_FROM} {where}"
                " ORDER BY a.id DESC LIMIT ?", (*params, limit),
            )
        return [rows.article_from_row(r) for r in found]

    @staticmethod
    def _article_filters(**filters: Any) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if filters.get("before_id") is not None:
            clauses.append("a.id < ?")
            params.append(filters["before_id"])
        if filters.get("source_id") is not None:
            clauses.append("a.source_id = ?")
            params.append(filters["source_id"])
        if filters.get("language"):
            clauses.append("a.language = ?")
            params.append(filters["language"])
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def iter_fetched_articles(self, source_id: int | None = None) -> Iterator[tuple[int, int]]:
        """(article id, fetch id) of every article whose page is kept, for reprocessing."""
        where = "WHERE fetch_id IS NOT NULL" + (" AND source_id = ?" if source_id else "")
        with self.transaction() as tx:
            found = tx.rows(f"SELECT id, fetch_id FROM articles {where} ORDER BY id",
                            (source_id,) if source_id else ())
        yield from ((int(a), int(f)) for a, f in found)

    def article_count(self) -> int:
        with self.transaction() as tx:
            row = tx.row("SELECT count(*) FROM articles")
        return int(row[0]) if row else 0

    # -- stories -----------------------------------------------------------------------------

    def create_story(self, title: str, original_article_id: int) -> int:
        now = _now()
        with self.transaction() as tx:
            row = tx.row(
                "INSERT INTO stories (title, original_article_id, first_seen, updated_at,"
                " article_count) VALUES (?, ?, ?, ?, 0) RETURNING id",
                (title, original_article_id, now, now),
            )
        assert row is not None
        return int(row[0])

    def assign_story(self, article_id: int, story_id: int, relation: Relation | str) -> None:
        """Put an article in a story and refresh the story's count and time."""
        with self.transaction() as tx:
            old = tx.row("SELECT story_id FROM articles WHERE id = ?", (article_id,))
            tx.run("UPDATE articles SET story_id = ?, relation = ? WHERE id = ?",
                   (story_id, str(relation), article_id))
            for affected in {story_id, old[0] if old else None} - {None}:
                self._refresh_story(tx, affected)

    def _refresh_story(self, tx: Tx, story_id: int) -> None:
        tx.run(
            "UPDATE stories SET article_count = (SELECT count(*) FROM articles"
            " WHERE story_id = ?), updated_at = ? WHERE id = ?",
            (story_id, _now(), story_id),
        )

    def set_story_original(self, story_id: int, article_id: int, title: str) -> None:
        with self.transaction() as tx:
            tx.run("UPDATE stories SET original_article_id = ?, title = ? WHERE id = ?",
                   (article_id, title, story_id))
            tx.run("UPDATE articles SET relation = ? WHERE id = ?",
                   (Relation.ORIGINAL.value, article_id))

    def set_relation(self, article_id: int, relation: Relation | str) -> None:
        with self.transaction() as tx:
            tx.run("UPDATE articles SET relation = ? WHERE id = ?", (str(relation), article_id))

    def list_stories(self, *, limit: int = 20, offset: int = 0) -> list[Story]:
        """Newest first (by the last article to join), each with its articles."""
        with self.transaction() as tx:
            found = tx.rows(
                "SELECT id, title, original_article_id, first_seen, updated_at, article_count"
                " FROM stories WHERE article_count > 0 ORDER BY updated_at DESC, id DESC"
                " LIMIT ? OFFSET ?", (limit, offset),
            )
            stories = [self._story_from_row(r) for r in found]
            self._attach_articles(tx, stories)
        return stories

    def get_story(self, story_id: int) -> Story:
        with self.transaction() as tx:
            row = tx.row(
                "SELECT id, title, original_article_id, first_seen, updated_at, article_count"
                " FROM stories WHERE id = ?", (story_id,),
            )
            if row is None:
                raise StoreError(f"there is no story {story_id}")
            story = self._story_from_row(row)
            self._attach_articles(tx, [story])
        return story

    @staticmethod
    def _story_from_row(row: Sequence[Any]) -> Story:
        return Story(
            id=row[0], title=row[1], original_article_id=row[2],
            first_seen=rows.utc(row[3]) or _now(), updated_at=rows.utc(row[4]) or _now(),
            article_count=row[5],
        )

    @staticmethod
    def _attach_articles(tx: Tx, stories: list[Story]) -> None:
        if not stories:
            return
        by_id = {s.id: s for s in stories}
        marks = ", ".join("?" * len(by_id))
        found = tx.rows(
            f"SELECT {rows.ARTICLE_COLUMNS} FROM {rows.ARTICLE_FROM}"
            f" WHERE a.story_id IN ({marks}) ORDER BY a.published, a.id", tuple(by_id),
        )
        for row in found:
            stored = rows.article_from_row(row)
            by_id[stored.story_id].articles.append(stored)  # type: ignore[index]
        for story in stories:
            story.articles.sort(key=lambda a: a.id != story.original_article_id)

    def save_signature(self, article_id: int, scheme: str, minhash: bytes, features: bytes) -> None:
        with self.transaction() as tx:
            tx.run(
                "INSERT INTO story_signatures (article_id, scheme, minhash, features)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET"
                " scheme = excluded.scheme, minhash = excluded.minhash,"
                " features = excluded.features",
                (article_id, scheme, minhash, features),
            )

    def iter_signatures(self) -> Iterator[StoredSignature]:
        with self.transaction() as tx:
            found = tx.rows(
                "SELECT g.article_id, a.story_id, a.published, g.scheme, g.minhash, g.features"
                " FROM story_signatures g JOIN articles a ON a.id = g.article_id"
                " ORDER BY g.article_id"
            )
        for r in found:
            yield StoredSignature(r[0], r[1], rows.utc(r[2]), r[3], bytes(r[4]), bytes(r[5]))

    def add_decision(self, decision: StoryDecision) -> None:
        with self.transaction() as tx:
            tx.run(
                "INSERT INTO story_decisions (kind, article_id, story_id, other_story_id,"
                " created_at) VALUES (?, ?, ?, ?, ?)",
                (decision.kind, decision.article_id, decision.story_id,
                 decision.other_story_id, _now()),
            )

    def list_decisions(self) -> list[StoryDecision]:
        with self.transaction() as tx:
            found = tx.rows("SELECT kind, story_id, article_id, other_story_id"
                            " FROM story_decisions ORDER BY id")
        return [StoryDecision(*r) for r in found]

    def move_story_articles(self, from_story: int, into_story: int) -> None:
        with self.transaction() as tx:
            tx.run("UPDATE articles SET story_id = ?, relation = ? WHERE story_id = ?",
                   (into_story, Relation.COPY.value, from_story))
            self._refresh_story(tx, from_story)
            self._refresh_story(tx, into_story)

    # -- learned data: site chrome and vocabulary ----------------------------------------------

    def record_site_lines(self, site: str, keys: Iterable[str]) -> None:
        """Count one more page of ``site`` and each distinct line key seen on it."""
        with self.transaction() as tx:
            tx.run("INSERT INTO site_pages (site, pages) VALUES (?, 1) ON CONFLICT (site)"
                   " DO UPDATE SET pages = site_pages.pages + 1", (site,))
            for key in set(keys):
                tx.run("INSERT INTO site_lines (site, key, count) VALUES (?, ?, 1)"
                       " ON CONFLICT (site, key) DO UPDATE SET count = site_lines.count + 1",
                       (site, key))

    def site_line_counts(self, site: str, min_count: int = 2) -> tuple[int, dict[str, int]]:
        with self.transaction() as tx:
            pages = tx.row("SELECT pages FROM site_pages WHERE site = ?", (site,))
            found = tx.rows("SELECT key, count FROM site_lines WHERE site = ? AND count >= ?",
                            (site, min_count))
        return (int(pages[0]) if pages else 0), {k: int(c) for k, c in found}

    def add_vocabulary(self, counts: Iterable[tuple[str, int]]) -> None:
        with self.transaction() as tx:
            for word, count in counts:
                tx.run("INSERT INTO vocabulary (word, count) VALUES (?, ?) ON CONFLICT (word)"
                       " DO UPDATE SET count = vocabulary.count + excluded.count", (word, count))

    def vocabulary_counts(self) -> list[tuple[str, int]]:
        with self.transaction() as tx:
            return [(w, int(c)) for w, c in tx.rows("SELECT word, count FROM vocabulary")]

    # -- publications ---------------------------------------------------------------------------

    def record_publication(self, story_id: int, channel: str, message_id: str | None) -> bool:
        """Remember that a story went out on a channel; False if it already had."""
        with self.transaction() as tx:
            row = tx.row(
                "INSERT INTO publications (story_id, channel, message_id, published_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (story_id, channel) DO NOTHING RETURNING id",
                (story_id, channel, message_id, _now()),
            )
        return row is not None

    def is_published(self, story_id: int, channel: str) -> bool:
        with self.transaction() as tx:
            return tx.row("SELECT 1 FROM publications WHERE story_id = ? AND channel = ?",
                          (story_id, channel)) is not None
