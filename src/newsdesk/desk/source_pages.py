"""Sources in the desk: the full list, adding (kind detection, the feed offer of a home page),
per-source settings, pause and resume, poll now, removal, OPML in and out.

The work is done by `subscriptions` and `source_settings`, as for `newsdesk sources`; these
routes only read forms, call them, and audit what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from newsdesk.desk.context import Desk, Posted, found
from newsdesk.desk.sessions import Visitor
from newsdesk.fetch import FetchError
from newsdesk.opml import MAX_OPML_BYTES, OpmlError
from newsdesk.publish.api import OPML_TYPE
from newsdesk.source_settings import SETTINGS, SettingError
from newsdesk.sources import SourceParseError
from newsdesk.store import Source, StoreError
from newsdesk.store.publishing import ArticleFilter
from newsdesk.subscriptions import (
    FeedsOffered,
    add_source,
    change_settings,
    export_opml,
    import_opml,
)

KINDS = ("auto", "feed", "sitemap", "page", "telegram")
EDITABLE = [key for key in SETTINGS if key != "paused"]  # pausing has its own buttons


def source_routes(desk: Desk) -> APIRouter:
    router = APIRouter(prefix="/desk", include_in_schema=False)
    store = desk.store

    @router.get("/sources")
    def sources(request: Request, visitor: Visitor = Depends(desk.editor)) -> Response:
        listed = sorted(store.list_sources(), key=lambda s: (s.folder or "", s.name.casefold()))
        return desk.page(request, "desk/sources.html", visitor, sources=listed,
                         now=datetime.now(UTC))

    @router.get("/sources.opml")
    def download(visitor: Visitor = Depends(desk.editor)) -> Response:
        return Response(export_opml(store), media_type=OPML_TYPE, headers={
            "content-disposition": 'attachment; filename="newsdesk-sources.opml"'})

    @router.get("/sources/new")
    def add_form(request: Request, visitor: Visitor = Depends(desk.admin)) -> Response:
        return desk.page(request, "desk/source_new.html", visitor, form={}, kinds=KINDS,
                         problem=None, offered=[])

    @router.post("/sources/new")
    async def add(request: Request, posted: Posted = Depends(desk.admin_form)) -> Response:
        form = {k: posted.text(k, 2000) for k in ("url", "name", "folder", "kind")}
        kind = form["kind"] if form["kind"] in KINDS else "auto"
        try:
            added = await add_source(desk.app, form["url"], kind=kind,
                                     name=form["name"] or None, folder=form["folder"] or None)
        except FeedsOffered as exc:
            return desk.page(request, "desk/source_new.html", posted.visitor, form=form,
                             kinds=KINDS, problem=None, offered=exc.feeds, page_url=exc.url)
        except (FetchError, SourceParseError, StoreError, ValueError) as exc:
            return desk.page(request, "desk/source_new.html", posted.visitor, form=form,
                             kinds=KINDS, problem=str(exc), offered=[], status=400)
        await run_in_threadpool(desk.audit, posted.visitor, "source.add",
                                f"source {added.id}", f"{added.kind} {added.url}")
        return desk.done(request, f"/desk/sources/{added.id}",
                         f"Now following {added.name} ({added.kind}); its first poll is due.")

    @router.get("/sources/import")
    def import_form(request: Request, visitor: Visitor = Depends(desk.admin)) -> Response:
        return desk.page(request, "desk/opml.html", visitor, report=None, problem=None)

    @router.post("/sources/import")
    def import_file(request: Request, posted: Posted = Depends(desk.admin_form)) -> Response:
        upload = posted.form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return desk.page(request, "desk/opml.html", posted.visitor, report=None,
                             problem="Choose an OPML file to upload.", status=400)
        data = upload.file.read(MAX_OPML_BYTES + 1)
        config = desk.app.config
        try:
            report = import_opml(store, data, allow_private=config.allow_private,
                                 interval_s=config.poll.default_interval_s)
        except OpmlError as exc:
            return desk.page(request, "desk/opml.html", posted.visitor, report=None,
                             problem=f"{upload.filename}: {exc}", status=400)
        desk.audit(posted.visitor, "source.import", f"file {upload.filename}",
                   f"{len(report.added)} added, {len(report.present)} already followed,"
                   f" {len(report.rejected)} rejected")
        return desk.page(request, "desk/opml.html", posted.visitor, report=report,
                         filename=upload.filename, problem=None)

    @router.get("/sources/{source_id}")
    def source(request: Request, source_id: int, visitor: Visitor = Depends(desk.editor)
               ) -> Response:
        return _source_page(desk, request, visitor, found(store.get_source, source_id))

    @router.post("/sources/{source_id}/settings")
    def settings(request: Request, source_id: int, posted: Posted = Depends(desk.admin_form)
                 ) -> Response:
        current = found(store.get_source, source_id)
        changes = _assignments(current, posted)
        if not changes:
            return desk.done(request, f"/desk/sources/{source_id}", "Nothing changed.")
        try:
            change_settings(store, source_id, changes)
        except SettingError as exc:
            return _source_page(desk, request, posted.visitor, current, problem=str(exc),
                                status=400, form=dict(posted.form))
        desk.audit(posted.visitor, "source.settings", f"source {source_id}", "; ".join(changes))
        return desk.done(request, f"/desk/sources/{source_id}", "Settings saved.")

    for action in ("pause", "resume", "poll"):
        router.add_api_route(f"/sources/{{source_id}}/{action}", _status_action(desk, action),
                             methods=["POST"])

    @router.get("/sources/{source_id}/remove")
    def remove_form(request: Request, source_id: int, visitor: Visitor = Depends(desk.admin)
                    ) -> Response:
        return desk.page(request, "desk/source_remove.html", visitor,
                         source=found(store.get_source, source_id))

    @router.post("/sources/{source_id}/remove")
    def remove(request: Request, source_id: int, posted: Posted = Depends(desk.admin_form)
               ) -> Response:
        gone = found(store.get_source, source_id)
        store.remove_source(source_id)
        desk.audit(posted.visitor, "source.remove", f"source {source_id}",
                   f"{gone.name} {gone.url}")
        return desk.done(request, "/desk/sources", f"No longer following {gone.name}. Its"
                         " articles stay on the site; hide them in Articles if they must go.")

    return router


def _status_action(desk: Desk, action: str) -> Callable[..., Response]:
    def act(request: Request, source_id: int, posted: Posted = Depends(desk.admin_form)
            ) -> Response:
        current = found(desk.store.get_source, source_id)
        back = posted.text("back", 200)
        back = back if back in ("/desk/sources", f"/desk/sources/{source_id}") else (
            f"/desk/sources/{source_id}")
        if action == "poll" and current.status == "paused":
            return desk.done(request, back, f"{current.name} is paused; resume it to poll it.")
        if action == "pause":
            change_settings(desk.store, source_id, ["paused=true"])
            note = f"{current.name} is paused."
        elif action == "resume" or current.status == "disabled":
            change_settings(desk.store, source_id, ["paused=false"])
            note = f"{current.name} is active again; it is polled within a moment."
        else:  # mark it due: the running poller or the workers pick it up; no fetch here
            desk.store.update_source(source_id, next_poll_at=datetime.now(UTC))
            note = f"{current.name} is due now; it is polled within a moment."
        desk.audit(posted.visitor, f"source.{action}", f"source {source_id}", current.name)
        return desk.done(request, back, note)
    return act


def _assignments(current: Source, posted: Posted) -> list[str]:
    """``KEY=VALUE`` for every setting the form changed (an emptied one resets it)."""
    changes = []
    for key in EDITABLE:
        if key not in posted.form:
            continue
        value = posted.text(key, 500)
        if value != _shown(current, key):
            changes.append(f"{key}={value}")
    return changes


def _shown(source: Source, key: str) -> str:
    """A setting as the form shows it."""
    if key in ("name", "folder"):
        return getattr(source, key) or ""
    value = source.settings.get(key)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _source_page(desk: Desk, request: Request, visitor: Visitor, source: Source, *,
                 problem: str | None = None, status: int = 200,
                 form: dict[str, Any] | None = None) -> Response:
    shown = {key: _shown(source, key) for key in EDITABLE}
    shown.update({k: v for k, v in (form or {}).items() if k in shown and isinstance(v, str)})
    count = desk.store.count_articles(ArticleFilter(source_id=source.id, include_hidden=True))
    history = desk.store.audit_entries(limit=20, target=f"source {source.id}")
    return desk.page(request, "desk/source.html", visitor, source=source, shown=shown,
                     settings=[SETTINGS[k] for k in EDITABLE], problem=problem, status=status,
                     count=count, history=history, now=datetime.now(UTC))
