"""The reader's web site: server-rendered pages, readable without JavaScript."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from newsdesk.publish.original import original_text
from newsdesk.store import Store, StoreError

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ku", "yi", "dv"})
PAGE_SIZE = 20


def _ago(value: datetime | None) -> str:
    if value is None:
        return ""
    seconds = max(0, int((datetime.now(UTC) - value).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def _direction(language: str | None) -> str:
    return "rtl" if (language or "").split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("newsdesk.publish", "templates"),
        autoescape=select_autoescape(default=True),
    )
    env.filters["ago"] = _ago
    env.filters["direction"] = _direction
    env.filters["paragraphs"] = lambda text: [p for p in (text or "").split("\n\n") if p.strip()]
    env.globals["stylesheet"] = (
        resources.files("newsdesk.publish").joinpath("static/site.css").read_text("utf-8")
    )
    return Jinja2Templates(env=env)


def site_router(store: Store) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    templates = _templates()

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request, page_no: int = 1) -> HTMLResponse:
        page_no = max(1, page_no)
        stories = store.list_stories(limit=PAGE_SIZE + 1, offset=(page_no - 1) * PAGE_SIZE)
        return page(request, "home.html", stories=stories[:PAGE_SIZE], page_no=page_no,
                    has_more=len(stories) > PAGE_SIZE)

    @router.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(request: Request, story_id: int) -> HTMLResponse:
        return page(request, "story.html", story=_found(store.get_story, story_id))

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article(request: Request, article_id: int) -> HTMLResponse:
        stored = _found(store.get_article, article_id)
        original = original_text(stored.article.text, stored.article.repairs, "text")
        return page(request, "article.html", stored=stored, a=stored.article,
                    original=original if original != stored.article.text else None)

    @router.get("/search", response_class=HTMLResponse)
    def search(request: Request, q: str = "", language: str = "", source: int | None = None,
               page_no: int = 1) -> HTMLResponse:
        page_no = max(1, page_no)
        found = store.search(q, limit=PAGE_SIZE + 1, offset=(page_no - 1) * PAGE_SIZE,
                             language=language or None, source_id=source) if q else []
        return page(request, "search.html", q=q, language=language, source=source,
                    results=found[:PAGE_SIZE], page_no=page_no, has_more=len(found) > PAGE_SIZE,
                    sources=store.list_sources())

    @router.get("/sources", response_class=HTMLResponse)
    def sources(request: Request) -> HTMLResponse:
        return page(request, "sources.html", sources=store.list_sources())

    @router.get("/sources/{source_id}", response_class=HTMLResponse)
    def source(request: Request, source_id: int) -> HTMLResponse:
        found = _found(store.get_source, source_id)
        return page(request, "source.html", source=found,
                    articles=store.list_articles(limit=PAGE_SIZE, source_id=source_id))

    return router


def _found(getter: Any, key: int) -> Any:
    try:
        return getter(key)
    except StoreError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
