"""Feeds out: every story, one source, a folder, one language or a saved search, in RSS 2.0,
Atom 1.0 and JSON Feed 1.1, with conditional GET. Each item credits the outlet that first
reported it."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request, Response

from newsdesk.publish import lookups
from newsdesk.publish.conditional import conditional_response
from newsdesk.publish.feed_formats import FORMATS, Feed, FeedItem, render
from newsdesk.publish.filters import MAX_QUERY_CHARS, article_filter
from newsdesk.publish.templating import safe_href
from newsdesk.store import Store, StoredArticle, Story

FEED_SIZE = 50
Format = Annotated[str, Path(pattern="^(rss|atom|json)$")]


def feed_router(store: Store) -> APIRouter:
    router = APIRouter(prefix="/feeds", include_in_schema=False)

    @router.get("/stories.{fmt}")
    def stories(request: Request, fmt: Format) -> Response:
        found = store.new_story_page(limit=FEED_SIZE)
        feed = _feed(request, fmt, "newsdesk: latest stories", "/")
        feed.items = [_story_item(request, s) for s in found]
        return _answer(request, feed, fmt)

    @router.get("/source/{source_id}.{fmt}")
    def source(request: Request, source_id: int, fmt: Format) -> Response:
        followed = lookups.found(store.get_source, source_id, "source")
        found = store.article_page(article_filter(source=source_id), limit=FEED_SIZE)
        feed = _feed(request, fmt, f"newsdesk: {followed.name}", f"/sources/{source_id}")
        feed.items = [_article_item(request, a) for a in found]
        return _answer(request, feed, fmt)

    @router.get("/language/{language}.{fmt}")
    def language(request: Request, fmt: Format,
                 language: Annotated[str, Path(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")],
                 ) -> Response:
        found = store.article_page(article_filter(language=language), limit=FEED_SIZE)
        feed = _feed(request, fmt, f"newsdesk: articles in {language}",
                     f"/search?language={quote(language)}")
        feed.language = language.lower()
        feed.items = [_article_item(request, a) for a in found]
        return _answer(request, feed, fmt)

    @router.get("/folder.{fmt}")
    def folder(request: Request, fmt: Format,
               name: Annotated[str, Query(min_length=1, max_length=100)]) -> Response:
        found = store.article_page(article_filter(folder=name), limit=FEED_SIZE)
        feed = _feed(request, fmt, f"newsdesk: {name}", f"/search?folder={quote(name)}")
        feed.items = [_article_item(request, a) for a in found]
        return _answer(request, feed, fmt)

    @router.get("/search.{fmt}")
    def search(request: Request, fmt: Format,
               q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
               language: str | None = None, source: int | None = None) -> Response:
        filters = article_filter(language=language, source=source)
        found = store.search_articles(q, filters, limit=FEED_SIZE)
        found.sort(key=lambda a: a.id, reverse=True)  # a feed is newest first, not best first
        feed = _feed(request, fmt, f"newsdesk: search for “{q}”", f"/search?q={quote(q)}")
        feed.items = [_article_item(request, a) for a in found]
        return _answer(request, feed, fmt)

    return router


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _feed(request: Request, fmt: str, title: str, home_path: str) -> Feed:
    self_url = str(request.url)
    return Feed(title=title, description=title.removeprefix("newsdesk: ").capitalize()
                + ", gathered by newsdesk with the outlet that first reported each.",
                home_url=_base(request) + home_path, self_url=self_url)


def _answer(request: Request, feed: Feed, fmt: str) -> Response:
    return conditional_response(request, render(feed, fmt), media_type=FORMATS[fmt],
                                last_modified=feed.updated if feed.items else None)


def _web_link(url: str, ours: str) -> str:
    """``url`` if it is http(s); else our own page for the item (a feed reader must never
    be handed a ``javascript:`` link)."""
    safe = safe_href(url)
    return safe if safe != "#" else ours


def _story_item(request: Request, story: Story) -> FeedItem:
    original = story.articles[0]
    a = original.article
    return FeedItem(
        id=f"{_base(request)}/stories/{story.id}", title=story.title or a.title,
        link=_web_link(a.canonical_url or a.url, f"{_base(request)}/stories/{story.id}"),
        summary=a.summary,
        published=story.first_seen, updated=story.updated_at, author=a.publisher,
        credit=a.original_source.name if a.original_source else a.publisher, language=a.language,
    )


def _article_item(request: Request, stored: StoredArticle) -> FeedItem:
    a = stored.article
    return FeedItem(
        id=f"{_base(request)}/articles/{stored.id}", title=a.title,
        link=_web_link(a.canonical_url or a.url, f"{_base(request)}/articles/{stored.id}"),
        summary=a.summary,
        published=a.published or stored.first_seen, updated=a.updated or stored.first_seen,
        author=a.publisher or stored.source_name,
        credit=a.original_source.name if a.original_source else (a.publisher or None),
        language=a.language,
    )
