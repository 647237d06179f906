"""The operator's curation: hidden articles and stories, and corrected titles and credits.

Hidden things stay in the store; every public query keeps only what `VISIBLE` passes. A
correction is kept beside the article and laid over every later save of it (`corrected`), so
re-extraction (`newsdesk reprocess`, a changed page) never brings the old title or credit back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from newsdesk.records import Article, Credit
from newsdesk.store import rows
from newsdesk.store.base import StoreBase, StoreError, Tx, now
from newsdesk.store.models import StoredArticle, Story

HIDDEN_STATES = ("hidden", "takedown")
CORRECTABLE = ("title", "credit")

# What a public query keeps of an article ``a``: not hidden itself, nor in a hidden story.
VISIBLE = ("a.hidden IS NULL AND NOT EXISTS (SELECT 1 FROM stories hs"
           " WHERE hs.id = a.story_id AND hs.hidden IS NOT NULL)")
# The ids of the articles VISIBLE leaves out (few: read through the partial indexes).
HIDDEN_IDS = ("SELECT id FROM articles WHERE hidden IS NOT NULL UNION SELECT id FROM articles"
              " WHERE story_id IN (SELECT id FROM stories WHERE hidden IS NOT NULL)")


@dataclass(frozen=True, slots=True)
class Correction:
    """An operator's value for one field of one article; ``replaced`` is what extraction had
    said, put back if the correction is withdrawn."""

    field: str
    value: str | None
    replaced: str | None
    made_by: str
    made_at: datetime


def credit_text(credit: Credit | None) -> str | None:
    """A credit as a correction keeps it (JSON; ``None`` means no credit)."""
    return json.dumps(None if credit is None else {"name": credit.name, "desk": credit.desk},
                      ensure_ascii=False)


def _credit(text: str | None) -> Credit | None:
    data = json.loads(text) if text else None
    return Credit(data["name"], data.get("desk")) if data else None


def _apply(article: Article, field: str, value: str | None) -> Article:
    if field == "title":  # repairs of the old title no longer point anywhere
        return replace(article, title=value or "",
                       repairs=[e for e in article.repairs if e.field != "title"])
    return replace(article, original_source=_credit(value))


def _extracted(article: Article, field: str) -> str | None:
    return article.title if field == "title" else credit_text(article.original_source)


def corrected(tx: Tx, article_id: int, article: Article) -> Article:
    """``article`` (as extraction made it) with the operator's corrections of ``article_id``
    laid over it; each correction remembers the newly extracted value it replaces."""
    for field, value, replaced in tx.rows("SELECT field, value, replaced FROM"
                                          " article_corrections WHERE article_id = ?",
                                          (article_id,)):
        if _extracted(article, field) != replaced:
            tx.run("UPDATE article_corrections SET replaced = ? WHERE article_id = ?"
                   " AND field = ?", (_extracted(article, field), article_id, field))
        article = _apply(article, field, value)
    return article


class CurationQueries(StoreBase):
    """(Reads articles and stories with `get_article` and `get_story` of the store.)"""

    # --- hiding ---------------------------------------------------------------------------
    def set_article_hidden(self, article_id: int, state: str | None) -> None:
        """Hide (``hidden``, ``takedown``) or show again (``None``) one article."""
        self._set_hidden("articles", "article", article_id, state)

    def set_story_hidden(self, story_id: int, state: str | None) -> None:
        """Hide or show a whole story: its articles leave (or return to) every public list."""
        self._set_hidden("stories", "story", story_id, state)

    def _set_hidden(self, table: str, what: str, key: int, state: str | None) -> None:
        if state is not None and state not in HIDDEN_STATES:
            raise StoreError(f"{state!r} is not one of {', '.join(HIDDEN_STATES)}")
        with self.transaction() as tx:
            if tx.row(f"SELECT 1 FROM {table} WHERE id = ?", (key,)) is None:
                raise StoreError(f"there is no {what} {key}")
            tx.run(f"UPDATE {table} SET hidden = ? WHERE id = ?", (state, key))
            # the story changed for its readers: posts of it on channels are looked at again
            story = "?" if table == "stories" else "(SELECT story_id FROM articles WHERE id = ?)"
            tx.run(f"UPDATE stories SET updated_at = ? WHERE id = {story}", (now(), key))

    def article_states(self, article_ids: list[int]) -> dict[int, str]:
        """The hidden state of those of ``article_ids`` that are hidden."""
        return self._states("articles", article_ids)

    def story_states(self, story_ids: list[int]) -> dict[int, str]:
        return self._states("stories", story_ids)

    def _states(self, table: str, keys: list[int]) -> dict[int, str]:
        if not keys:
            return {}
        marks = ", ".join("?" * len(keys))
        with self.reading() as tx:
            found = tx.rows(f"SELECT id, hidden FROM {table} WHERE id IN ({marks})"
                            " AND hidden IS NOT NULL", tuple(keys))
        return {int(r[0]): str(r[1]) for r in found}

    def hidden_articles(self, *, limit: int = 50) -> list[StoredArticle]:
        """Hidden articles (not those only in a hidden story), newest first."""
        with self.reading() as tx:
            found = tx.rows(f"SELECT {rows.ARTICLE_COLUMNS} FROM {rows.ARTICLE_FROM}"
                            " WHERE a.hidden IS NOT NULL ORDER BY a.id DESC LIMIT ?", (limit,))
        return [rows.article_from_row(r) for r in found]

    def hidden_story_ids(self, *, limit: int = 50) -> list[int]:
        with self.reading() as tx:
            found = tx.rows("SELECT id FROM stories WHERE hidden IS NOT NULL"
                            " ORDER BY id DESC LIMIT ?", (limit,))
        return [int(r[0]) for r in found]

    def visible_article(self, article_id: int) -> StoredArticle:
        """An article for the public: hidden ones are answered as missing."""
        with self.reading() as tx:
            row = tx.row(f"SELECT {rows.ARTICLE_COLUMNS} FROM {rows.ARTICLE_FROM}"
                         f" WHERE a.id = ? AND {VISIBLE}", (article_id,))
        if row is None:
            raise StoreError(f"there is no article {article_id}")
        return rows.article_from_row(row)

    def visible_story(self, story_id: int) -> Story:
        """A story for the public, without its hidden articles; a hidden story, or one whose
        original is hidden, is answered as missing."""
        story: Story = self.get_story(story_id)
        hidden = self.article_states([a.id for a in story.articles])
        if self.story_states([story_id]) or story.original_article_id in hidden:
            raise StoreError(f"there is no story {story_id}")
        story.articles = [a for a in story.articles if a.id not in hidden]
        story.article_count = len(story.articles)
        return story

    # --- corrections ----------------------------------------------------------------------
    def correct_article(self, article_id: int, field: str, value: str | None, *,
                        by: str) -> StoredArticle:
        """Set ``field`` (``title`` or ``credit``, see `credit_text`) of an article for good;
        the story's title follows its original's."""
        if field not in CORRECTABLE:
            raise StoreError(f"{field!r} cannot be corrected; only {', '.join(CORRECTABLE)}")
        stored = self.get_article(article_id)
        before = _extracted(stored.article, field)
        with self.transaction() as tx:
            kept = tx.row("SELECT replaced FROM article_corrections WHERE article_id = ?"
                          " AND field = ?", (article_id, field))
            tx.run("DELETE FROM article_corrections WHERE article_id = ? AND field = ?",
                   (article_id, field))
            tx.run("INSERT INTO article_corrections (article_id, field, value, replaced,"
                   " made_by, made_at) VALUES (?, ?, ?, ?, ?, ?)",
                   (article_id, field, value, kept[0] if kept else before, by, now()))
            self._rewrite(tx, article_id, _apply(stored.article, field, value))
        return self.get_article(article_id)

    def withdraw_correction(self, article_id: int, field: str) -> StoredArticle:
        """Drop a correction and put back what extraction had said."""
        stored = self.get_article(article_id)
        with self.transaction() as tx:
            kept = tx.row("SELECT replaced FROM article_corrections WHERE article_id = ?"
                          " AND field = ?", (article_id, field))
            if kept is None:
                raise StoreError(f"article {article_id} has no {field} correction")
            tx.run("DELETE FROM article_corrections WHERE article_id = ? AND field = ?",
                   (article_id, field))
            self._rewrite(tx, article_id, _apply(stored.article, field, kept[0]))
        return self.get_article(article_id)

    def corrections_of(self, article_id: int) -> dict[str, Correction]:
        with self.reading() as tx:
            found = tx.rows("SELECT field, value, replaced, made_by, made_at"
                            " FROM article_corrections WHERE article_id = ?", (article_id,))
        return {r[0]: Correction(r[0], r[1], r[2], r[3], rows.utc(r[4]) or now())
                for r in found}

    @staticmethod
    def _rewrite(tx: Tx, article_id: int, article: Article) -> None:
        """Store the corrected fields (and the hash, so the next identical save is no change)."""
        values: dict[str, Any] = dict(zip(rows.ARTICLE_FIELDS, rows.article_values(article),
                                          strict=True))
        names = ("title", "original_source_name", "original_source_desk", "repairs",
                 "content_hash")
        tx.run(f"UPDATE articles SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
               (*(values[n] for n in names), article_id))
        tx.run("UPDATE stories SET title = ? WHERE original_article_id = ?",
               (article.title, article_id))
        tx.run("UPDATE stories SET updated_at = ? WHERE id = (SELECT story_id FROM articles"
               " WHERE id = ?)", (now(), article_id))
