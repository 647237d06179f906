"""The health dashboard (the desk's front page) and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from newsdesk.desk.context import Desk
from newsdesk.desk.sessions import Visitor
from newsdesk.publish import cursor

AUDIT_PAGE = 50
STALLED_AFTER = timedelta(minutes=15)  # sources due and no poll for this long: say so


def health_routes(desk: Desk) -> APIRouter:
    router = APIRouter(prefix="/desk", include_in_schema=False)

    @router.get("")
    def health(request: Request, visitor: Visitor = Depends(desk.editor)) -> Response:
        store = desk.store
        figures = store.poll_figures()
        per_hour = store.articles_per_hour(24)
        last = figures.last_polled_at
        stalled = figures.due_now > 0 and (
            last is None or datetime.now(UTC) - last > STALLED_AFTER)
        return desk.page(
            request, "desk/health.html", visitor, figures=figures, per_hour=per_hour,
            peak=max([1, *(n for _, n in per_hour)]), last_day=sum(n for _, n in per_hour),
            queued=store.queued_poll_jobs(), article_total=store.article_count(),
            db_bytes=store.database_bytes(), search_bytes=store.search_index_bytes(),
            pictures=store.image_counts(), picture_errors=store.image_errors(10),
            posting=store.post_counts(),
            stalled=stalled)

    @router.get("/audit")
    def audit(request: Request, actor: str = "", action: str = "", after: str | None = None,
              visitor: Visitor = Depends(desk.admin)) -> Response:
        try:
            before_id = cursor.read_id_cursor(after)
        except cursor.CursorError:
            before_id = None
        actor, action = actor.strip()[:80], action.strip()[:80]
        entries = desk.store.audit_entries(limit=AUDIT_PAGE + 1, before_id=before_id,
                                           actor=actor or None, action=action or None)
        older = None
        if len(entries) > AUDIT_PAGE:
            query = {k: v for k, v in (("actor", actor), ("action", action)) if v}
            query["after"] = cursor.id_cursor(entries[AUDIT_PAGE - 1].id)
            older = f"/desk/audit?{urlencode(query)}"
        return desk.page(request, "desk/audit.html", visitor, entries=entries[:AUDIT_PAGE],
                         actor=actor, action=action, older=older, first_page=before_id is None)

    return router
