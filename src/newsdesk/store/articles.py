"""Articles: saved once per canonical URL, revised when they change, listed newest first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsdesk.records import Article
from newsdesk.store import rows
from newsdesk.store.base import StoreBase, StoreError, Tx, now
from newsdesk.store.curation import corrected
from newsdesk.store.models import SavedArticle, StoredArticle


class ArticleQueries(StoreBase):
    def seen_guid(self, source_id: int, guid: str) -> bool:
        with self.reading() as tx:
            return tx.row(
                "SELECT 1 FROM source_items WHERE source_id = ? AND guid = ?", (source_id, guid)
            ) is not None

    def find_article_id(self, url: str) -> int | None:
        with self.reading() as tx:
            row = tx.row("SELECT id FROM articles WHERE url = ?", (url,))
        return None if row is None else int(row[0])

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
            if old is not None:  # the operator's corrections outlive re-extraction
                article = corrected(tx, int(old[0]), article)
                values = rows.article_values(article)
                new_hash = values[-1]
            if old is None:
                cols = ", ".join(rows.ARTICLE_FIELDS)
                marks = ", ".join("?" * len(rows.ARTICLE_FIELDS))
                row = tx.row(
                    f"INSERT INTO articles ({cols}, source_id, fetch_id, guid, first_seen)"
                    f" VALUES ({marks}, ?, ?, ?, ?) RETURNING id",
                    (*values, source_id, fetch_id, guid, now()),
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
                    (source_id, guid, saved.id, now()),
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
            (article_id, revision, old_fetch, title, summary, text, now()),
        )
        assignments = ", ".join(f"{name} = ?" for name in rows.ARTICLE_FIELDS[1:])
        tx.run(
            f"UPDATE articles SET {assignments}, fetch_id = ?, revision = revision + 1"
            " WHERE id = ?",
            (*values[1:], fetch_id, article_id),
        )

    def article_ids_by_url(self, urls: list[str]) -> dict[str, int]:
        """The stored article id of each of ``urls`` that has one (one query per 500)."""
        found: dict[str, int] = {}
        with self.reading() as tx:
            for chunk in _chunks(sorted(set(urls))):
                marks = ", ".join("?" * len(chunk))
                found.update((str(u), int(i)) for u, i in tx.rows(
                    f"SELECT url, id FROM articles WHERE url IN ({marks})", tuple(chunk)))
        return found

    def seen_guids(self, source_id: int, guids: list[str]) -> set[str]:
        """Those of ``guids`` the source has listed before."""
        found: set[str] = set()
        with self.reading() as tx:
            for chunk in _chunks(sorted(set(guids))):
                marks = ", ".join("?" * len(chunk))
                found.update(str(r[0]) for r in tx.rows(
                    f"SELECT guid FROM source_items WHERE source_id = ? AND guid IN ({marks})",
                    (source_id, *chunk)))
        return found

    def get_article(self, article_id: int) -> StoredArticle:
        with self.reading() as tx:
            row = tx.row(f"SELECT {rows.ARTICLE_COLUMNS} FROM {rows.ARTICLE_FROM}"
                         " WHERE a.id = ?", (article_id,))
        if row is None:
            raise StoreError(f"there is no article {article_id}")
        return rows.article_from_row(row)

    def story_of_article(self, article_id: int) -> int | None:
        """The story an article is in (None: not placed yet, or no such article)."""
        with self.reading() as tx:
            row = tx.row("SELECT story_id FROM articles WHERE id = ?", (article_id,))
        return None if row is None or row[0] is None else int(row[0])

    def list_articles(
        self, *, limit: int = 50, before_id: int | None = None, source_id: int | None = None,
    ) -> list[StoredArticle]:
        """Newest first; ``before_id`` is the cursor for the next page."""
        where, params = self._article_filters(before_id=before_id, source_id=source_id)
        with self.reading() as tx:
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
        with self.reading() as tx:
            found = tx.rows(f"SELECT id, fetch_id FROM articles {where} ORDER BY id",
                            (source_id,) if source_id else ())
        yield from ((int(a), int(f)) for a, f in found)

    def article_count(self) -> int:
        with self.reading() as tx:
            row = tx.row("SELECT count(*) FROM articles")
        return int(row[0]) if row else 0


def _chunks(keys: list[str], size: int = 500) -> Iterator[list[str]]:
    """``keys`` in pieces small enough for one statement's parameters."""
    for start in range(0, len(keys), size):
        yield keys[start : start + size]
