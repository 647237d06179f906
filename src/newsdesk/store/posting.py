"""The posting queue: for each story and channel (Telegram, WordPress...), where its post stands.

One row per (story, channel) in ``publications`` (UNIQUE), in one of these states:

- ``held``: waiting until ``not_before`` (the hold after a story appears, so its origin is known);
- ``pending``: due now (an operator asked to post it now, or to retry);
- ``sending``: claimed by a poster, its request in flight. A poster that dies here leaves the
  row as it is: the message may have gone out, so it is never sent again on its own (an
  operator may ``retry_post``);
- ``sent``: the channel accepted it: ``message_id`` and the ``content_hash`` of what it shows;
- ``failed``: the channel refused; retried at ``not_before`` (or, with none, when an operator
  asks); ``last_error`` says why, ``attempts`` how often;
- ``skipped``: never to be posted (a filter, an exclude keyword, an operator, a merge).

A poster claims a row (``claim_post``: one atomic insert or state change) *before* sending, so
several posting processes never post a story twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsdesk.store import rows
from newsdesk.store.base import StoreBase, Tx, now
from newsdesk.store.models import ChannelPost

POST_STATES = ("held", "pending", "sending", "sent", "failed", "skipped")
_COLUMNS = ("story_id, channel, state, attempts, last_error, message_id, content_hash,"
            " not_before, published_at, updated_at")
_CLAIMABLE = "state IN ('held', 'pending', 'failed') AND message_id IS NULL"
_DUE = "(not_before IS NULL AND state = 'pending' OR not_before <= ?)"
# A story ``st`` the public may see: the desk has hidden neither it nor its original.
_PUBLIC = ("st.hidden IS NULL AND NOT EXISTS (SELECT 1 FROM articles ha"
           " WHERE ha.id = st.original_article_id AND ha.hidden IS NOT NULL)")


class PostingQueries(StoreBase):
    # --- what a poster looks at ------------------------------------------------------------
    def stories_to_post(self, channel: str, *, since: datetime, after_id: int = 0,
                        limit: int = 50) -> list[int]:
        """Live stories (with articles, not merged away, not hidden on the desk) first seen at
        or after ``since`` that have no row on ``channel`` yet, oldest first."""
        with self.reading() as tx:
            found = tx.rows(
                "SELECT st.id FROM stories st LEFT JOIN publications p ON p.story_id = st.id"
                " AND p.channel = ? WHERE p.id IS NULL AND st.article_count > 0"
                " AND st.merged_into IS NULL AND st.first_seen >= ? AND st.id > ?"
                f" AND {_PUBLIC} ORDER BY st.id LIMIT ?", (channel, since, after_id, limit))
        return [int(r[0]) for r in found]

    def due_posts(self, channel: str, moment: datetime, limit: int = 50) -> list[ChannelPost]:
        """Held, pending and failed posts on ``channel`` due at ``moment``, oldest first."""
        return self._posts(f"channel = ? AND {_CLAIMABLE} AND {_DUE} ORDER BY story_id LIMIT ?",
                           (channel, moment, limit))

    def stale_posts(self, channel: str, *, since: datetime, moment: datetime,
                    limit: int = 50) -> list[ChannelPost]:
        """Sent posts whose story changed after they were last written (so the message may
        need an edit), or whose last edit failed and is due again, for stories first seen at
        or after ``since``."""
        return self._posts(
            "channel = ? AND state = 'sent' AND (not_before IS NULL OR not_before <= ?)"
            " AND EXISTS (SELECT 1 FROM stories st WHERE st.id = publications.story_id"
            " AND st.first_seen >= ? AND (st.updated_at > publications.updated_at"
            " OR publications.not_before IS NOT NULL)) ORDER BY story_id LIMIT ?",
            (channel, moment, since, limit))

    def channel_post(self, story_id: int, channel: str) -> ChannelPost | None:
        found = self._posts("story_id = ? AND channel = ?", (story_id, channel))
        return found[0] if found else None

    def channel_posts(self, channel: str | None = None, *, states: tuple[str, ...] = (),
                      limit: int = 50, before_story: int | None = None) -> list[ChannelPost]:
        """The posting queue, newest story first: every channel or one, any state or some."""
        clauses: list[str] = []
        params: list[Any] = []
        if channel is not None:
            clauses.append("channel = ?")
            params.append(channel)
        if states:
            clauses.append(f"state IN ({', '.join('?' * len(states))})")
            params += list(states)
        if before_story is not None:
            clauses.append("story_id < ?")
            params.append(before_story)
        where = " AND ".join(clauses) or "1 = 1"
        return self._posts(f"{where} ORDER BY story_id DESC, channel LIMIT ?", (*params, limit))

    def post_counts(self) -> dict[str, dict[str, int]]:
        """How many posts each channel has in each state."""
        with self.reading() as tx:
            found = tx.rows("SELECT channel, state, count(*) FROM publications"
                            " GROUP BY channel, state")
        counts: dict[str, dict[str, int]] = {}
        for channel, state, n in found:
            counts.setdefault(str(channel), {})[str(state)] = int(n)
        return counts

    def story_titles(self, story_ids: list[int]) -> dict[int, str]:
        """The titles of those of ``story_ids`` that exist."""
        ids = sorted(set(story_ids))
        if not ids:
            return {}
        with self.reading() as tx:
            found = tx.rows(f"SELECT id, title FROM stories WHERE id IN"
                            f" ({', '.join('?' * len(ids))})", ids)
        return {int(r[0]): str(r[1]) for r in found}

    # --- a poster's steps -------------------------------------------------------------------
    def hold_post(self, story_id: int, channel: str, until: datetime) -> bool:
        """Queue a new story's post, held until ``until``; False if it already has a row."""
        moment = now()
        with self.transaction() as tx:
            return tx.row(
                "INSERT INTO publications (story_id, channel, state, not_before, published_at,"
                " updated_at) VALUES (?, ?, 'held', ?, ?, ?) ON CONFLICT (story_id, channel)"
                " DO NOTHING RETURNING id", (story_id, channel, until, moment, moment),
            ) is not None

    def claim_post(self, story_id: int, channel: str, moment: datetime) -> bool:
        """Take a story's post for sending: True for exactly one claimant (a story with no
        row yet, or a held, pending or failed one that is due)."""
        stamp = now()
        with self.transaction() as tx:
            if tx.row("INSERT INTO publications (story_id, channel, state, attempts, published_at,"
                      " updated_at) VALUES (?, ?, 'sending', 1, ?, ?) ON CONFLICT"
                      " (story_id, channel) DO NOTHING RETURNING id",
                      (story_id, channel, stamp, stamp)) is not None:
                return True
            return tx.row(
                "UPDATE publications SET state = 'sending', attempts = attempts + 1,"
                f" updated_at = ? WHERE story_id = ? AND channel = ? AND {_CLAIMABLE}"
                f" AND {_DUE} RETURNING id", (stamp, story_id, channel, moment),
            ) is not None

    def mark_post_sent(self, story_id: int, channel: str, message_id: str,
                       content_hash: str) -> None:
        """The channel accepted the post (or its edit): remember the message and content."""
        with self.transaction() as tx:
            tx.run("UPDATE publications SET state = 'sent', message_id = ?, content_hash = ?,"
                   " last_error = NULL, not_before = NULL, updated_at = ?"
                   " WHERE story_id = ? AND channel = ?",
                   (message_id, content_hash, now(), story_id, channel))

    def mark_post_failed(self, story_id: int, channel: str, error: str,
                         retry_at: datetime | None) -> None:
        """The channel refused: a new post becomes ``failed`` (retried at ``retry_at``, or only
        when asked if None); a refused edit leaves the post ``sent`` and retries the edit."""
        with self.transaction() as tx:
            tx.run("UPDATE publications SET state = CASE WHEN message_id IS NULL THEN 'failed'"
                   " ELSE state END, attempts = attempts + CASE WHEN message_id IS NULL"
                   " THEN 0 ELSE 1 END, last_error = ?, not_before = ?, updated_at = ?"
                   " WHERE story_id = ? AND channel = ?",
                   (error[:500], retry_at, now(), story_id, channel))

    def mark_post_unknown(self, story_id: int, channel: str, error: str) -> None:
        """The request may have reached the channel: stay ``sending`` (never sent again on
        its own), with the reason for an operator."""
        with self.transaction() as tx:
            tx.run("UPDATE publications SET last_error = ?, updated_at = ?"
                   " WHERE story_id = ? AND channel = ?",
                   (f"delivery unknown: {error}"[:500], now(), story_id, channel))

    def touch_post(self, story_id: int, channel: str) -> None:
        """The post still shows what the story says: look at it again only after a change."""
        with self.transaction() as tx:
            tx.run("UPDATE publications SET updated_at = ?, last_error = NULL,"
                   " not_before = NULL WHERE story_id = ? AND channel = ? AND state = 'sent'",
                   (now(), story_id, channel))

    def adopt_merged_post(self, story_id: int, channel: str) -> ChannelPost | None:
        """If a story merged into ``story_id`` (directly or not) was already posted on
        ``channel``, that message becomes this story's (so it is edited, not posted again)."""
        with self.transaction() as tx:
            found = tx.row(
                "WITH RECURSIVE merged(id) AS (SELECT id FROM stories WHERE merged_into = ?"
                " UNION SELECT s.id FROM stories s JOIN merged m ON s.merged_into = m.id)"
                " SELECT p.id FROM publications p JOIN merged m ON p.story_id = m.id"
                " WHERE p.channel = ? AND p.state = 'sent' ORDER BY p.id LIMIT 1",
                (story_id, channel))
            if found is None:
                return None
            own = tx.row("SELECT state FROM publications WHERE story_id = ? AND channel = ?",
                         (story_id, channel))
            if own is not None and own[0] in {"sending", "sent"}:
                return None
            tx.run("DELETE FROM publications WHERE story_id = ? AND channel = ?",
                   (story_id, channel))
            tx.run("UPDATE publications SET story_id = ?, updated_at = ? WHERE id = ?",
                   (story_id, now(), found[0]))
        return self.channel_post(story_id, channel)

    # --- an operator's actions --------------------------------------------------------------
    def skip_post(self, story_id: int, channel: str, reason: str) -> bool:
        """Never post this story on ``channel`` (unless ``post_now``); False if it was sent
        or is being sent."""
        return self._set_state(story_id, channel, "skipped", reason,
                               ("held", "pending", "failed", "skipped"))

    def post_now(self, story_id: int, channel: str) -> bool:
        """Post this story at the next round, hold or filters aside; False if it was sent or
        is being sent."""
        return self._set_state(story_id, channel, "pending", None,
                               ("held", "pending", "failed", "skipped"))

    def retry_post(self, story_id: int, channel: str) -> bool:
        """Try a failed post again now, or one whose delivery is unknown (it may then appear
        twice: the operator's call); False for any other state."""
        with self.transaction() as tx:
            return tx.row(
                "UPDATE publications SET state = 'pending', not_before = NULL, updated_at = ?"
                " WHERE story_id = ? AND channel = ? AND message_id IS NULL"
                " AND state IN ('failed', 'sending') RETURNING id",
                (now(), story_id, channel)) is not None

    # --- helpers ----------------------------------------------------------------------------
    def _set_state(self, story_id: int, channel: str, state: str, reason: str | None,
                   allowed_from: tuple[str, ...]) -> bool:
        stamp = now()
        with self.transaction() as tx:
            if tx.row("INSERT INTO publications (story_id, channel, state, last_error,"
                      " published_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT"
                      " (story_id, channel) DO NOTHING RETURNING id",
                      (story_id, channel, state, reason, stamp, stamp)) is not None:
                return True
            marks = ", ".join("?" * len(allowed_from))
            return tx.row(
                "UPDATE publications SET state = ?, last_error = ?, not_before = NULL,"
                f" updated_at = ? WHERE story_id = ? AND channel = ? AND state IN ({marks})"
                " AND message_id IS NULL RETURNING id",
                (state, reason, stamp, story_id, channel, *allowed_from)) is not None

    def _posts(self, where: str, params: tuple[Any, ...]) -> list[ChannelPost]:
        with self.reading() as tx:
            return _rows(tx, where, params)


def _rows(tx: Tx, where: str, params: tuple[Any, ...]) -> list[ChannelPost]:
    found = tx.rows(f"SELECT {_COLUMNS} FROM publications WHERE {where}", params)
    return [
        ChannelPost(story_id=int(r[0]), channel=r[1], state=r[2], attempts=int(r[3]),
                    last_error=r[4], message_id=r[5], content_hash=r[6],
                    not_before=rows.utc(r[7]), created_at=rows.utc(r[8]) or now(),
                    updated_at=rows.utc(r[9]) or rows.utc(r[8]) or now())
        for r in found
    ]
