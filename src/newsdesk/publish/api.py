"""The JSON API under /api: reading is public, changing sources needs the API token."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query
from pydantic import BaseModel

from newsdesk.publish import shapes
from newsdesk.store import Store, StoreError


class NewSource(BaseModel):
    url: str
    name: str | None = None
    kind: str = "feed"


def api_router(store: Store, api_token: str | None) -> APIRouter:
    router = APIRouter(prefix="/api")

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        if not api_token:
            raise HTTPException(403, "changing sources through the API is off: set"
                                     " NEWSDESK_API_TOKEN on the server to allow it")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), api_token.encode()):
            raise HTTPException(401, "missing or wrong API token: send"
                                     " 'Authorization: Bearer <token>'")

    @router.get("/stories")
    def stories(limit: Annotated[int, Query(ge=1, le=100)] = 20,
                offset: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, Any]]:
        return [shapes.story(s) for s in store.list_stories(limit=limit, offset=offset)]

    @router.get("/stories/{story_id}")
    def story(story_id: int) -> dict[str, Any]:
        return shapes.story(_found(store.get_story, story_id))

    @router.get("/articles")
    def articles(limit: Annotated[int, Query(ge=1, le=100)] = 20,
                 before: int | None = None, source: int | None = None) -> dict[str, Any]:
        found = store.list_articles(limit=limit, before_id=before, source_id=source)
        cursor = found[-1].id if len(found) == limit else None
        return {"articles": [shapes.article_summary(a) for a in found], "next_before": cursor}

    @router.get("/articles/{article_id}")
    def article(article_id: int) -> dict[str, Any]:
        return shapes.article_full(_found(store.get_article, article_id))

    @router.get("/search")
    def search(q: str, limit: Annotated[int, Query(ge=1, le=100)] = 20,
               offset: Annotated[int, Query(ge=0)] = 0, language: str | None = None,
               source: int | None = None) -> list[dict[str, Any]]:
        found = store.search(q, limit=limit, offset=offset, language=language, source_id=source)
        return [shapes.article_summary(a) for a in found]

    @router.get("/sources")
    def sources() -> list[dict[str, Any]]:
        return [shapes.source(s) for s in store.list_sources()]

    @router.delete("/sources/{source_id}", dependencies=[Depends(require_token)])
    def remove_source(source_id: int) -> dict[str, Any]:
        _found(store.remove_source, source_id)
        return {"removed": source_id}

    return router


def _found(getter: Any, key: int) -> Any:
    try:
        return getter(key)
    except StoreError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
