"""The JSON API under /api: reading is public (unless a read token is set), changing sources
needs the API token (both as ``Authorization: Bearer <token>``, see `access`). Every response
is validated against the models in `api_models`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from fastapi.responses import RedirectResponse

from newsdesk.config import PollPolicy
from newsdesk.fetch import FetchError
from newsdesk.opml import MAX_OPML_BYTES, OpmlError
from newsdesk.publish import cursor, lookups, shapes
from newsdesk.publish.access import reader_check, token_check
from newsdesk.publish.api_models import (
    ArticleOut,
    ArticlePage,
    ImportOut,
    NewSource,
    Problem,
    Removed,
    SourceOut,
    StoryOut,
    StoryPage,
)
from newsdesk.publish.filters import MAX_QUERY_CHARS, article_filter
from newsdesk.store import Store, StoreError
from newsdesk.subscriptions import checked_labels, export_opml, import_opml, source_url

OPML_TYPE = "text/x-opml+xml"
Limit = Annotated[int, Query(ge=1, le=100, description="items per page")]
Cursor = Annotated[str | None, Query(alias="cursor", max_length=200,
                                     description="next_cursor of the previous page")]
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem}, 401: {"model": Problem}, 404: {"model": Problem},
}


def api_router(store: Store, api_token: str | None, read_token: str | None = None, *,
               allow_private: bool = False) -> APIRouter:
    """Routes under /api. With ``read_token`` set, reading needs it (or the API token)."""
    reader = reader_check(api_token, read_token)
    router = APIRouter(prefix="/api", dependencies=[Depends(reader)], responses=_ERRORS)
    _reading_routes(router, store)
    _source_routes(router, store, api_token, allow_private)
    return router


def _reading_routes(router: APIRouter, store: Store) -> None:
    @router.get("/stories", response_model=StoryPage, summary="Latest stories")
    def stories(limit: Limit = 20, cursor_: Cursor = None,
                language: str | None = None, source: int | None = None) -> dict[str, Any]:
        before = lookups.from_cursor(cursor.read_story_cursor, cursor_)
        found = store.story_page(article_filter(language=language, source=source),
                                 limit=limit, before=before)
        nxt = cursor.story_cursor(found[-1]) if len(found) == limit else None
        return {"stories": [shapes.story(s) for s in found], "next_cursor": nxt}

    @router.get("/stories/{story_id}", response_model=StoryOut, summary="A story, all outlets",
                responses={301: {"description": "Merged into another story: see Location"}})
    def story(story_id: int) -> Any:
        found = lookups.found(store.visible_story, story_id, "story")
        if found.merged_into is not None:
            return RedirectResponse(f"/api/stories/{store.live_story_id(story_id)}", 301)
        return shapes.story(found)

    @router.get("/articles", response_model=ArticlePage, summary="Latest articles")
    def articles(limit: Limit = 20, cursor_: Cursor = None,
                 source: int | None = None, folder: str | None = None,
                 language: str | None = None, since: date | None = None,
                 until: date | None = None) -> dict[str, Any]:
        filters = article_filter(source=source, folder=folder, language=language,
                                 since=since, until=until)
        found = store.article_page(filters, limit=limit,
                                   before_id=lookups.from_cursor(cursor.read_id_cursor, cursor_))
        nxt = cursor.id_cursor(found[-1].id) if len(found) == limit else None
        return {"articles": [shapes.article_summary(a) for a in found], "next_cursor": nxt}

    @router.get("/articles/{article_id}", response_model=ArticleOut, summary="One article")
    def article(article_id: int) -> dict[str, Any]:
        return shapes.article_full(lookups.found(store.visible_article, article_id, "article"))

    @router.get("/search", response_model=ArticlePage, summary="Full-text search")
    def search(q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
               limit: Limit = 20, cursor_: Cursor = None,
               source: int | None = None, folder: str | None = None,
               language: str | None = None, since: date | None = None,
               until: date | None = None) -> dict[str, Any]:
        filters = article_filter(source=source, folder=folder, language=language,
                                 since=since, until=until)
        offset = lookups.from_cursor(cursor.read_offset_cursor, cursor_)
        found = store.search_articles(q, filters, limit=limit, offset=offset)
        nxt = cursor.offset_cursor(offset + limit) if len(found) == limit else None
        return {"articles": [shapes.article_summary(a) for a in found], "next_cursor": nxt}

    @router.get("/sources", response_model=list[SourceOut], summary="Followed sources")
    def sources() -> list[dict[str, Any]]:
        return [shapes.source(s) for s in store.list_sources()]

    @router.get("/sources/{source_id}", response_model=SourceOut, summary="One source")
    def source(source_id: int) -> dict[str, Any]:
        return shapes.source(lookups.found(store.get_source, source_id, "source"))


def _source_routes(router: APIRouter, store: Store, api_token: str | None,
                   allow_private: bool) -> None:
    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        if not api_token:
            raise HTTPException(403, "changing sources through the API is off: set"
                                     " NEWSDESK_API_TOKEN on the server to allow it")
        token_check(api_token, what="API token")(authorization)

    writer = [Depends(require_token)]
    errors: dict[int | str, dict[str, Any]] = {403: {"model": Problem}, 409: {"model": Problem},
                                               422: {"model": Problem}}

    @router.post("/sources", response_model=SourceOut, status_code=201, dependencies=writer,
                 responses=errors, summary="Follow a source (token)")
    def add_source(new: NewSource) -> dict[str, Any]:
        try:
            url = source_url(new.url, allow_private)
            name, folder = checked_labels(new.name, new.folder)
        except (FetchError, ValueError) as exc:  # SourceParseError is a ValueError
            raise HTTPException(422, str(exc)) from exc
        try:
            added = store.add_source(url, name=name or new.name, kind=new.kind,
                                     interval_s=new.interval_s, folder=folder)
        except StoreError as exc:
            raise HTTPException(409, str(exc)) from exc
        return shapes.source(added)

    @router.delete("/sources/{source_id}", response_model=Removed, dependencies=writer,
                   responses=errors, summary="Stop following a source (token)")
    def remove_source(source_id: int) -> dict[str, Any]:
        lookups.found(store.remove_source, source_id, "source")
        return {"removed": source_id}

    @router.get("/opml", response_class=Response, summary="Every source, in folders, as OPML 2.0",
                responses={200: {"content": {OPML_TYPE: {}}}})
    def export_sources() -> Response:
        return Response(export_opml(store), media_type=OPML_TYPE)

    @router.post("/opml", response_model=ImportOut, dependencies=writer, responses=errors,
                 summary="Follow every feed of an OPML file sent as the body (token)")
    async def import_sources(request: Request) -> dict[str, Any]:
        data = await _limited_body(request, MAX_OPML_BYTES)
        try:
            report = import_opml(store, data, allow_private=allow_private,
                                 interval_s=PollPolicy().default_interval_s)
        except OpmlError as exc:
            raise HTTPException(422, str(exc)) from exc
        return {"added": report.added, "present": report.present,
                "rejected": [{"entry": e, "reason": r} for e, r in report.rejected]}

    for action, status in (("pause", "paused"), ("resume", "active")):
        router.add_api_route(
            f"/sources/{{source_id}}/{action}", _status_setter(store, status), methods=["POST"],
            response_model=SourceOut, dependencies=writer, responses=errors,
            summary=f"{action.capitalize()} polling a source (token)",
        )


async def _limited_body(request: Request, limit: int) -> bytes:
    """The request body, refused past ``limit`` bytes without reading it all."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the body is over {limit // 1024 // 1024} MB")
        chunks.append(chunk)
    return b"".join(chunks)


def _status_setter(store: Store, status: str) -> Callable[[int], dict[str, Any]]:
    def change(source_id: int) -> dict[str, Any]:
        lookups.found(store.get_source, source_id, "source")
        fields: dict[str, Any] = {"status": status, "error_count": 0}
        if status == "active":
            fields["next_poll_at"] = datetime.now(UTC)  # a resumed source is polled soon
        return shapes.source(store.update_source(source_id, **fields))
    return change
