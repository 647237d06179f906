"""Stories, their members and original, signatures for the story index, user corrections.

A story never stays empty and alive: when its last article leaves (a merge, a channel post
joining the story it links to, a split of its only article), it is *retired* into the story
the article went to (``merged_into``), and its page, API entry and feeds follow that one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from newsdesk.records import Relation
from newsdesk.store import rows
from newsdesk.store.base import StoreBase, StoreError, Tx, now
from newsdesk.store.models import StoredSignature, Story, StoryDecision

_STORY_COLUMNS = ("id, title, original_article_id, first_seen, updated_at, article_count,"
                  " merged_into")
_MAX_HOPS = 64  # merged_into chains are short; this only guards against a damaged table


class StoryQueries(StoreBase):
    def create_story(self, title: str, original_article_id: int) -> int:
        moment = now()
        with self.transaction() as tx:
            row = tx.row(
                "INSERT INTO stories (title, original_article_id, first_seen, updated_at,"
                " article_count) VALUES (?, ?, ?, ?, 0) RETURNING id",
                (title, original_article_id, moment, moment),
            )
        assert row is not None
        return int(row[0])

    def assign_story(self, article_id: int, story_id: int, relation: Relation | str) -> int:
        """Put an article in a story (the live one, if ``story_id`` was merged away) and
        refresh the counts; a story left empty is retired into it. Returns the story used."""
        with self.transaction() as tx:
            story_id = _live(tx, story_id)
            old = tx.row("SELECT story_id FROM articles WHERE id = ?", (article_id,))
            tx.run("UPDATE articles SET story_id = ?, relation = ? WHERE id = ?",
                   (story_id, str(relation), article_id))
            self._refresh_story(tx, story_id)
            if old and old[0] is not None and old[0] != story_id:
                self._refresh_story(tx, old[0])
                _retire_if_empty(tx, old[0], story_id)
        return story_id

    def touch_story(self, story_id: int) -> None:
        """Mark a story changed (one of its articles has a new revision)."""
        with self.transaction() as tx:
            self._refresh_story(tx, story_id)

    def _refresh_story(self, tx: Tx, story_id: int) -> None:
        tx.run(
            "UPDATE stories SET article_count = (SELECT count(*) FROM articles"
            " WHERE story_id = ?), updated_at = ? WHERE id = ?",
            (story_id, now(), story_id),
        )

    def set_story_original(self, story_id: int, article_id: int, title: str) -> None:
        with self.transaction() as tx:
            tx.run("UPDATE stories SET original_article_id = ?, title = ?, updated_at = ?"
                   " WHERE id = ?", (article_id, title, now(), story_id))
            tx.run("UPDATE articles SET relation = ? WHERE id = ?",
                   (Relation.ORIGINAL.value, article_id))

    def set_relation(self, article_id: int, relation: Relation | str) -> None:
        with self.transaction() as tx:
            tx.run("UPDATE articles SET relation = ? WHERE id = ?", (str(relation), article_id))

    def list_stories(self, *, limit: int = 20, offset: int = 0) -> list[Story]:
        """Newest first (by the last article to join), each with its articles."""
        with self.reading() as tx:
            found = tx.rows(
                f"SELECT {_STORY_COLUMNS}"
                " FROM stories WHERE article_count > 0 ORDER BY updated_at DESC, id DESC"
                " LIMIT ? OFFSET ?", (limit, offset),
            )
            stories = [self._story_from_row(r) for r in found]
            self._attach_articles(tx, stories)
        return stories

    def get_story(self, story_id: int) -> Story:
        """A story with its articles; a retired one has none and ``merged_into`` set."""
        with self.reading() as tx:
            row = tx.row(f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,))
            if row is None:
                raise StoreError(f"there is no story {story_id}")
            story = self._story_from_row(row)
            self._attach_articles(tx, [story])
        return story

    @staticmethod
    def _story_from_row(row: Sequence[Any]) -> Story:
        return Story(
            id=row[0], title=row[1], original_article_id=row[2],
            first_seen=rows.utc(row[3]) or now(), updated_at=rows.utc(row[4]) or now(),
            article_count=row[5], merged_into=row[6],
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

    def add_decision(self, decision: StoryDecision) -> None:
        with self.transaction() as tx:
            tx.run(
                "INSERT INTO story_decisions (kind, article_id, story_id, other_story_id,"
                " created_at) VALUES (?, ?, ?, ?, ?)",
                (decision.kind, decision.article_id, decision.story_id,
                 decision.other_story_id, now()),
            )

    def move_story_articles(self, from_story: int, into_story: int) -> int:
        """Move every article of one story into another (the live one, if that was merged
        away) and retire the emptied story into it; returns the story moved into."""
        with self.transaction() as tx:
            into_story = _live(tx, into_story)
            if into_story == from_story:
                return into_story
            tx.run("UPDATE articles SET story_id = ?, relation = ? WHERE story_id = ?",
                   (into_story, Relation.COPY.value, from_story))
            self._refresh_story(tx, from_story)
            self._refresh_story(tx, into_story)
            _retire_if_empty(tx, from_story, into_story)
        return into_story

    def live_story_id(self, story_id: int) -> int:
        """The story ``story_id`` now is: itself, or the live story it was merged into."""
        with self.reading() as tx:
            if tx.row("SELECT 1 FROM stories WHERE id = ?", (story_id,)) is None:
                raise StoreError(f"there is no story {story_id}")
            return _live(tx, story_id)

    def save_links(self, article_id: int, urls: Sequence[str]) -> None:
        """Remember the pages an article (a channel post) links to."""
        with self.transaction() as tx:
            tx.run_many("INSERT INTO article_links (url, article_id) VALUES (?, ?)"
                        " ON CONFLICT DO NOTHING", [(url, article_id) for url in sorted(set(urls))])

    def links_of(self, article_id: int) -> list[str]:
        """The pages an article (a channel post) links to."""
        with self.reading() as tx:
            found = tx.rows("SELECT url FROM article_links WHERE article_id = ? ORDER BY url",
                            (article_id,))
        return [str(r[0]) for r in found]

    def articles_with_links(self, article_ids: Sequence[int]) -> set[int]:
        """Which of ``article_ids`` link to pages (channel posts that relay a story)."""
        if not article_ids:
            return set()
        marks = ", ".join("?" * len(article_ids))
        with self.reading() as tx:
            found = tx.rows(f"SELECT DISTINCT article_id FROM article_links"
                            f" WHERE article_id IN ({marks})", tuple(article_ids))
        return {int(r[0]) for r in found}

    def lone_articles_linking_to(self, url: str) -> list[int]:
        """Articles that link to ``url`` and are still alone in their story."""
        with self.reading() as tx:
            found = tx.rows(
                "SELECT l.article_id FROM article_links l JOIN articles a ON a.id = l.article_id"
                " JOIN stories s ON s.id = a.story_id WHERE l.url = ? AND s.article_count = 1"
                " ORDER BY l.article_id", (url,),
            )
        return [int(r[0]) for r in found]

    def unplaced_articles(self, seen_before: datetime, limit: int = 50) -> list[int]:
        """Articles in no story, first seen before ``seen_before``: their placement was cut
        short (a worker killed between saving and grouping)."""
        with self.reading() as tx:
            found = tx.rows(
                "SELECT id FROM articles WHERE story_id IS NULL AND first_seen < ?"
                " ORDER BY id LIMIT ?", (seen_before, limit),
            )
        return [int(r[0]) for r in found]

    # catching up with other processes (see locks.py)

    def signatures_after(self, article_id: int) -> list[StoredSignature]:
        """Story signatures of articles with an id above ``article_id``, in id order."""
        return self._signatures("g.article_id > ?", (article_id,))

    def highest_signed_article(self) -> int:
        """The highest article id with a story signature (0 when there is none)."""
        with self.reading() as tx:
            row = tx.row("SELECT max(article_id) FROM story_signatures")
        return int(row[0]) if row and row[0] is not None else 0

    def newest_published(self, until: datetime) -> datetime | None:
        """The latest publication time of a stored article, ``until`` at the latest."""
        with self.reading() as tx:
            row = tx.row("SELECT max(published) FROM articles WHERE published <= ?", (until,))
        return rows.utc(row[0]) if row else None

    def signatures_published(self, start: datetime, end: datetime) -> Iterator[StoredSignature]:
        """Story signatures of articles published in [``start``, ``end``), in no set order,
        read a few hundred at a time as they are iterated (days of them may be asked for).

        SQLite keeps each time as text in its article's own offset, so there the bounds hold
        to within that offset (14 hours at most): callers check each row's ``published``.
        """
        with self.reading() as tx:
            for found in tx.batches(
                "SELECT g.article_id, a.story_id, a.published, g.scheme, g.minhash, g.features"
                " FROM story_signatures g JOIN articles a ON a.id = g.article_id"
                " WHERE a.published >= ? AND a.published < ?", (start, end),
            ):
                yield from (_stored_signature(r) for r in found)

    def undated_signatures(self, seen_since: datetime) -> list[StoredSignature]:
        """Story signatures of articles without a publication time first seen since
        ``seen_since``, in id order."""
        return self._signatures("a.published IS NULL AND a.first_seen >= ?", (seen_since,))

    def signatures_of(self, article_ids: Sequence[int]) -> list[StoredSignature]:
        """Story signatures of the given articles (those that have one), in id order."""
        if not article_ids:
            return []
        marks = ", ".join("?" * len(article_ids))
        return self._signatures(f"g.article_id IN ({marks})", tuple(article_ids))

    def _signatures(self, where: str, params: Sequence[Any]) -> list[StoredSignature]:
        with self.reading() as tx:
            found = tx.rows(
                "SELECT g.article_id, a.story_id, a.published, g.scheme, g.minhash, g.features"
                f" FROM story_signatures g JOIN articles a ON a.id = g.article_id WHERE {where}"
                " ORDER BY g.article_id", params,
            )
        return [_stored_signature(r) for r in found]

    def unsigned_articles(self, after_id: int, up_to_id: int, seen_since: datetime) -> list[int]:
        """Ids in (``after_id``, ``up_to_id``] of articles first seen since ``seen_since`` that
        have no signature yet: ones another process is about to place."""
        with self.reading() as tx:
            found = tx.rows(
                "SELECT a.id FROM articles a WHERE a.id > ? AND a.id <= ? AND a.first_seen >= ?"
                " AND NOT EXISTS (SELECT 1 FROM story_signatures g WHERE g.article_id = a.id)"
                " ORDER BY a.id", (after_id, up_to_id, seen_since),
            )
        return [int(r[0]) for r in found]

    def decisions_after(self, decision_id: int) -> list[tuple[int, StoryDecision]]:
        """Users' story corrections with an id above ``decision_id``, oldest first."""
        with self.reading() as tx:
            found = tx.rows(
                "SELECT id, kind, story_id, article_id, other_story_id FROM story_decisions"
                " WHERE id > ? ORDER BY id", (decision_id,),
            )
        return [(int(r[0]), StoryDecision(*r[1:])) for r in found]


def _live(tx: Tx, story_id: int) -> int:
    """Follow ``merged_into`` from ``story_id`` to a story that was not merged away."""
    for _ in range(_MAX_HOPS):
        row = tx.row("SELECT merged_into FROM stories WHERE id = ?", (story_id,))
        if row is None or row[0] is None or row[0] == story_id:
            return story_id
        story_id = int(row[0])
    return story_id


def _retire_if_empty(tx: Tx, story_id: int, into_story: int) -> None:
    tx.run("UPDATE stories SET merged_into = ? WHERE id = ? AND article_count = 0",
           (into_story, story_id))


def _stored_signature(row: Sequence[Any]) -> StoredSignature:
    return StoredSignature(row[0], row[1], rows.utc(row[2]), row[3], bytes(row[4]),
                           bytes(row[5]))
