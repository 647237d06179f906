"""The reader's web site: server-rendered pages, readable without JavaScript."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from newsdesk.publish import cursor, lookups
from newsdesk.publish.conditional import conditional_response
from newsdesk.publish.filters import MAX_QUERY_CHARS, article_filter, parse_day
from newsdesk.publish.original import original_text
from newsdesk.publish.templating import environment, stylesheet
from newsdesk.store import Source, Store

T = TypeVar("T")
PAGE_SIZE = 20
_LANGUAGES_TTL_S = 60.0


def site_router(store: Store) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    env = environment()
    languages = _cached(store.article_languages, _LANGUAGES_TTL_S)

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    @router.get("/static/site.css")
    def css(request: Request) -> Response:
        return conditional_response(request, stylesheet(), media_type="text/css",
                                    cache_control="public, max-age=31536000, immutable")

    @router.get("/", response_class=HTMLResponse)
    def home(after: str | None = None) -> HTMLResponse:
        before = lookups.from_cursor(cursor.read_story_cursor, after)
        stories = store.story_page(limit=PAGE_SIZE + 1, before=before)
        more = stories[PAGE_SIZE - 1] if len(stories) > PAGE_SIZE else None
        return page("home.html", stories=stories[:PAGE_SIZE], first_page=before is None,
                    older=f"/?after={cursor.story_cursor(more)}" if more else None)

    @router.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(story_id: int) -> HTMLResponse:
        shown = lookups.found(store.get_story, story_id, "story")
        original = next((a for a in shown.articles if a.id == shown.original_article_id), None)
        others = [a for a in shown.articles if a is not original]
        return page("story.html", story=shown, original=original, others=others)

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article(article_id: int) -> HTMLResponse:
        stored = lookups.found(store.get_article, article_id, "article")
        a = stored.article
        before = {f: original_text(getattr(a, f), a.repairs, f) for f in ("title", "summary",
                                                                           "text")}
        changed = any(before[f] != getattr(a, f) for f in before)
        return page("article.html", stored=stored, a=a, original=before if changed else None)

    @router.get("/search", response_class=HTMLResponse)
    def search(q: str = "", language: str = "", source: str = "", folder: str = "",
               since: str = "", until: str = "", after: str | None = None) -> HTMLResponse:
        form = {"q": q[:MAX_QUERY_CHARS].strip(), "language": language.strip()[:20],
                "source": _int(source), "folder": folder.strip()[:100],
                "since": parse_day(since), "until": parse_day(until)}
        filters = article_filter(source=form["source"], language=form["language"],
                                 folder=form["folder"], since=form["since"],
                                 until=form["until"])
        found, next_cursor = _search(store, form["q"], filters, after)
        query = {k: str(v) for k, v in form.items() if v}
        followed = store.list_sources()
        return page("search.html", form=form, results=found, searched=bool(query),
                    sources=followed, folders=_folders(followed), languages=languages(),
                    older=f"/search?{urlencode({**query, 'after': next_cursor})}"
                    if next_cursor else None,
                    feed_query=urlencode({k: v for k, v in query.items()
                                          if k in {"q", "language", "source", "folder"}}))

    @router.get("/sources", response_class=HTMLResponse)
    def sources() -> HTMLResponse:
        followed = sorted(store.list_sources(), key=lambda s: (s.folder or "", s.name.casefold()))
        return page("sources.html", sources=followed)

    @router.get("/sources/{source_id}", response_class=HTMLResponse)
    def source(source_id: int, after: str | None = None) -> HTMLResponse:
        followed = lookups.found(store.get_source, source_id, "source")
        filters = article_filter(source=source_id)
        before_id = lookups.from_cursor(cursor.read_id_cursor, after)
        articles = store.article_page(filters, limit=PAGE_SIZE + 1, before_id=before_id)
        more = articles[PAGE_SIZE - 1].id if len(articles) > PAGE_SIZE else None
        return page("source.html", source=followed, articles=articles[:PAGE_SIZE],
                    count=store.count_articles(filters), first_page=before_id is None,
                    older=f"/sources/{source_id}?after={cursor.id_cursor(more)}" if more else None)

    return router


def _search(store: Store, q: str, filters: Any, after: str | None) -> tuple[list[Any], str | None]:
    """Matches of ``q`` best first (paged by offset); without words, the filtered articles
    newest first (paged by id)."""
    if q:
        offset = lookups.from_cursor(cursor.read_offset_cursor, after)
        found = store.search_articles(q, filters, limit=PAGE_SIZE + 1, offset=offset)
        more = cursor.offset_cursor(offset + PAGE_SIZE) if len(found) > PAGE_SIZE else None
        return found[:PAGE_SIZE], more
    before_id = lookups.from_cursor(cursor.read_id_cursor, after)
    found = store.article_page(filters, limit=PAGE_SIZE + 1, before_id=before_id)
    more = cursor.id_cursor(found[PAGE_SIZE - 1].id) if len(found) > PAGE_SIZE else None
    return found[:PAGE_SIZE], more


def _int(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def _cached(load: Callable[[], T], ttl_s: float) -> Callable[[], T]:
    """``load``'s answer, reused for ``ttl_s`` seconds (the language list scans the table)."""
    kept: list[tuple[float, T]] = []

    def get() -> T:
        moment = time.monotonic()
        if not kept or moment - kept[0][0] > ttl_s:
            kept[:] = [(moment, load())]
        return kept[0][1]
    return get


def _folders(sources: list[Source]) -> list[str]:
    return sorted({s.folder for s in sources if s.folder})
