"""Lead images: which articles' pictures are due for fetching, what came of each try, and
what the site shows. Rows come from `article_images`, filled by triggers on `articles`
(migration 7); the files live in an `ImageFiles` directory.

A due row is claimed by pushing its next try into the future in one conditional UPDATE, so
several processes never fetch the same picture at once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from newsdesk.store.base import StoreBase, now

CLAIM_LEASE = timedelta(minutes=10)  # a claimed picture not finished by then is due again


@dataclass(frozen=True, slots=True)
class ImageTask:
    """A picture to fetch for an article; ``attempts`` counts this one."""

    article_id: int
    url: str
    attempts: int


@dataclass(frozen=True, slots=True)
class LeadImage:
    """Our copy of an article's picture: renditions ``{key}-{width}.webp`` and ``.jpg``."""

    key: str
    width: int  # of the largest rendition
    height: int
    widths: tuple[int, ...]

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))


class ImageQueries(StoreBase):
    def claim_images(self, limit: int) -> list[ImageTask]:
        """Up to ``limit`` due pictures, newest articles first, claimed for `CLAIM_LEASE`."""
        moment = now()
        with self.reading() as tx:  # most rounds find nothing: no write lock for those
            due = tx.rows("SELECT article_id, url FROM article_images WHERE status = 'pending'"
                          " AND next_try_at <= ? ORDER BY article_id DESC LIMIT ?",
                          (moment, limit))
        claimed: list[ImageTask] = []
        if not due:
            return claimed
        with self.transaction() as tx:
            for article_id, url in due:
                row = tx.row("UPDATE article_images SET next_try_at = ?, attempts = attempts + 1"
                             " WHERE article_id = ? AND status = 'pending' AND next_try_at <= ?"
                             " RETURNING attempts", (moment + CLAIM_LEASE, article_id, moment))
                if row is not None:
                    claimed.append(ImageTask(int(article_id), str(url), int(row[0])))
        return claimed

    def image_ready(self, article_id: int, image: LeadImage) -> None:
        with self.transaction() as tx:
            tx.run("UPDATE article_images SET status = 'ready', image_key = ?, width = ?,"
                   " height = ?, widths = ?, last_error = NULL, updated_at = ?"
                   " WHERE article_id = ?",
                   (image.key, image.width, image.height, json.dumps(list(image.widths)), now(),
                    article_id))

    def image_failed(self, article_id: int, error: str, retry_at: datetime | None) -> None:
        """Record a failed try: due again at ``retry_at``, or given up when None."""
        with self.transaction() as tx:
            if retry_at is None:
                tx.run("UPDATE article_images SET status = 'failed', last_error = ?,"
                       " updated_at = ? WHERE article_id = ?", (error[:500], now(), article_id))
            else:
                tx.run("UPDATE article_images SET next_try_at = ?, last_error = ?,"
                       " updated_at = ? WHERE article_id = ?",
                       (retry_at, error[:500], now(), article_id))

    def lead_images(self, article_ids: Sequence[int]) -> dict[int, LeadImage]:
        """The ready pictures of those of ``article_ids`` that have one."""
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        with self.reading() as tx:
            found = tx.rows("SELECT article_id, image_key, width, height, widths FROM"
                            f" article_images WHERE status = 'ready' AND article_id IN ({marks})",
                            ids)
        return {int(r[0]): LeadImage(str(r[1]), int(r[2]), int(r[3]),
                                     tuple(int(w) for w in json.loads(r[4])))
                for r in found}

    def image_counts(self) -> dict[str, int]:
        """How many pictures are pending (to try, or to retry), ready, or given up on."""
        with self.reading() as tx:
            found = tx.rows("SELECT status, count(*) FROM article_images GROUP BY status")
        return {"pending": 0, "ready": 0, "failed": 0} | {str(r[0]): int(r[1]) for r in found}

    def image_errors(self, limit: int = 20) -> list[tuple[int, str, str, int]]:
        """(article, url, last error, attempts) of the latest pictures that failed a try."""
        with self.reading() as tx:
            found = tx.rows("SELECT article_id, url, last_error, attempts FROM article_images"
                            " WHERE last_error IS NOT NULL ORDER BY updated_at DESC LIMIT ?",
                            (limit,))
        return [(int(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in found]
