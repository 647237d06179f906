"""The audit log: who did what to which thing, and when, in the desk or with `newsdesk users`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsdesk.store import rows
from newsdesk.store.base import StoreBase, now


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str  # a user name, or "terminal:<login>" for the command line
    action: str  # e.g. "source.pause", "article.hide"
    target: str  # e.g. "source 12", "story 40"
    detail: str  # free text: a reason, the old and new value


class AuditQueries(StoreBase):
    def record_audit(self, actor: str, action: str, target: str = "", detail: str = "") -> None:
        with self.transaction() as tx:
            tx.run("INSERT INTO audit_log (at, actor, action, target, detail)"
                   " VALUES (?, ?, ?, ?, ?)", (now(), actor, action, target, detail[:2000]))

    def audit_entries(self, *, limit: int = 50, before_id: int | None = None,
                      actor: str | None = None, action: str | None = None,
                      target: str | None = None) -> list[AuditEntry]:
        """Newest first; ``before_id`` is the last id of the previous page; ``action`` matches
        a prefix (``source`` finds every source action); ``target`` is exact (``story 4``)."""
        clauses, params = [], []
        if target is not None:
            clauses.append("target = ?")
            params.append(target)
        if before_id is not None:
            clauses.append("id < ?")
            params.append(before_id)
        if actor:
            clauses.append("actor = ?")
            params.append(actor)
        if action:
            clauses.append("(action = ? OR action LIKE ?)")
            params += [action, action.rstrip(".") + ".%"]
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        with self.reading() as tx:
            found = tx.rows(f"SELECT id, at, actor, action, target, detail FROM audit_log"
                            f" {where} ORDER BY id DESC LIMIT ?", (*params, limit))
        return [AuditEntry(int(r[0]), rows.utc(r[1]) or now(), r[2], r[3], r[4], r[5])
                for r in found]
