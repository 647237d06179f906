"""The reader's web site: server-rendered pages, readable without JavaScript.

Lists (home, sections, tags, a source's articles) are newest news first, paged by cursor.
The story and article pages are in `story_pages`; robots.txt, sitemaps and icons in
`search_engines`; pictures in `images`.
"""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import urlencode

import nh3
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from newsdesk.publish import cursor, lookups
from newsdesk.publish.conditional import conditional_response
from newsdesk.publish.filters import MAX_QUERY_CHARS, article_filter, parse_day
from newsdesk.publish.images import Picture
from newsdesk.publish.page_meta import list_meta
from newsdesk.publish.site import Site
from newsdesk.publish.snippets import snippet
from newsdesk.publish.story_pages import story_routes
from newsdesk.publish.templating import paragraphs, section_href, stylesheet
from newsdesk.store import Story
from newsdesk.store.site_pages import Timeline

T = TypeVar("T")
PAGE_SIZE = 20
SOURCES_PAGE = 100
ABOUT_TAGS = {"p", "h2", "h3", "a", "ul", "ol", "li", "strong", "em", "blockquote", "br"}


def site_router(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    store = site.store

    @router.get("/static/site.css")
    def css(request: Request) -> Response:
        return conditional_response(request, stylesheet(), media_type="text/css",
                                    cache_control="public, max-age=31536000, immutable")

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request, after: str | None = None) -> HTMLResponse:
        _ = site.ui.gettext
        return _stories(site, request, None, after, title=_("Latest stories"), path="/")

    @router.get("/sections/{name}", response_class=HTMLResponse)
    def section(request: Request, name: str, after: str | None = None) -> HTMLResponse:
        if name not in site.sections():
            raise HTTPException(404, f"there is no section {name!r}")
        return _stories(site, request, name, after, title=name,
                        path=section_href(name))

    @router.get("/tags/{tag:path}", response_class=HTMLResponse)
    def tag(request: Request, tag: str, after: str | None = None) -> HTMLResponse:
        tag = tag.strip()[:100]
        page = store.article_timeline(tag=tag, limit=PAGE_SIZE,
                                      before=lookups.from_cursor(cursor.read_time_cursor, after))
        if not page.articles and after is None:
            raise HTTPException(404, f"no article is tagged {tag!r}")
        title = site.ui.gettext("Tagged “%(tag)s”") % {"tag": tag}
        return _timeline(site, request, "tag.html", page, list_meta(site, title),
                         heading=tag, path=request.url.path)

    story_routes(router, site)

    @router.get("/search", response_class=HTMLResponse)
    def search(request: Request, q: str = "", language: str = "", source: str = "",
               section: str = "", since: str = "", until: str = "", after: str | None = None,
               ) -> HTMLResponse:
        form = {"q": q[:MAX_QUERY_CHARS].strip(), "language": language.strip()[:20],
                "source": _int(source), "section": section.strip()[:100],
                "since": parse_day(since), "until": parse_day(until)}
        filters = article_filter(source=form["source"], language=form["language"],
                                 folder=form["section"], since=form["since"],
                                 until=form["until"], zone=site.zone)
        query = {k: str(v) for k, v in form.items() if v}
        context: dict[str, Any] = {"matches": [], "timeline": None, "older": None}
        if form["q"]:
            offset = lookups.from_cursor(cursor.read_offset_cursor, after)
            matches = store.search_stories(form["q"], filters, limit=PAGE_SIZE + 1,
                                           offset=offset)
            if len(matches) > PAGE_SIZE:
                context["older"] = cursor.offset_cursor(offset + PAGE_SIZE)
            context["matches"] = [_match(site, m, form["q"]) for m in matches[:PAGE_SIZE]]
        elif query:
            before = lookups.from_cursor(cursor.read_time_cursor, after)
            page = store.article_timeline(filters, limit=PAGE_SIZE, before=before)
            context["timeline"] = page.articles
            context["older"] = cursor.time_cursor(page.more) if page.more else None
        if context["older"]:
            context["older"] = f"/search?{urlencode({**query, 'after': context['older']})}"
        title = site.ui.gettext("Search")
        meta = list_meta(site, f"{title}: {form['q']}" if form["q"] else title, noindex=True)
        return site.render(
            request, "search.html", meta=meta, form=form, searched=bool(query),
            sources=store.list_sources(), languages=site.languages(),
            feed_query=urlencode({k: v for k, v in query.items()
                                  if k in {"q", "language", "source"}}), **context)

    @router.get("/sources", response_class=HTMLResponse)
    def sources(request: Request, after: str | None = None) -> HTMLResponse:
        offset = lookups.from_cursor(cursor.read_offset_cursor, after)
        followed = sorted(store.list_sources(), key=lambda s: (s.folder or "", s.name.casefold()))
        shown = followed[offset : offset + SOURCES_PAGE]
        older = (f"/sources?after={cursor.offset_cursor(offset + SOURCES_PAGE)}"
                 if len(followed) > offset + SOURCES_PAGE else None)
        return site.render(request, "sources.html", sources=shown, older=older,
                           first_page=offset == 0,
                           meta=list_meta(site, site.ui.gettext("Sources")))

    @router.get("/sources/{source_id}", response_class=HTMLResponse)
    def source(request: Request, source_id: int, after: str | None = None) -> HTMLResponse:
        followed = lookups.found(store.get_source, source_id, "source")
        filters = article_filter(source=source_id)
        page = store.article_timeline(filters, limit=PAGE_SIZE,
                                      before=lookups.from_cursor(cursor.read_time_cursor, after))
        return _timeline(site, request, "source.html", page, list_meta(site, followed.name),
                         source=followed, count=store.count_articles(filters),
                         path=f"/sources/{source_id}")

    @router.get("/about", response_class=HTMLResponse)
    def about(request: Request) -> HTMLResponse:
        return site.render(request, "about.html", about=_about(site),
                           meta=list_meta(site, site.ui.gettext("About this site")))

    return router


def _stories(site: Site, request: Request, section: str | None, after: str | None, *,
             title: str, path: str) -> HTMLResponse:
    before = lookups.from_cursor(cursor.read_story_cursor, after)
    filters = article_filter(folder=section) if section else None
    stories = site.store.story_page(filters, limit=PAGE_SIZE + 1, before=before)
    more = stories[PAGE_SIZE - 1] if len(stories) > PAGE_SIZE else None
    stories = stories[:PAGE_SIZE]
    return site.render(
        request, "home.html", meta=list_meta(site, title), heading=title, section=section,
        stories=stories, pictures=_pictures(site, stories), first_page=before is None,
        newest=path, older=f"{path}?after={cursor.story_cursor(more)}" if more else None)


def _timeline(site: Site, request: Request, template: str, page: Timeline, meta: Any, *,
              path: str, **context: Any) -> HTMLResponse:
    first_page = "after" not in request.query_params
    older = f"{path}?after={cursor.time_cursor(page.more)}" if page.more else None
    return site.render(request, template, meta=meta, articles=page.articles, older=older,
                       first_page=first_page, newest=path, **context)


def _pictures(site: Site, stories: list[Story]) -> dict[int, Picture]:
    """The thumbnail of each story's original, by story id, where one is kept. It sits beside
    the headline, so it is decorative: an empty ``alt`` (a screen reader would repeat it)."""
    originals = {s.id: s.articles[0] for s in stories if s.articles}
    kept = site.store.lead_images([a.id for a in originals.values()])
    return {story_id: Picture.of(kept[a.id], "", fallback_width=320)
            for story_id, a in originals.items() if a.id in kept}


def _match(site: Site, match: Any, query: str) -> dict[str, Any]:
    best = match.best.article
    text = " ".join(p for p in (best.summary, best.text) if p)
    outlets = list(dict.fromkeys(a.article.publisher or a.source_name or "" for a in
                                 match.articles))
    return {"match": match, "snippet": snippet(text, query, best.language),
            "outlets": [o for o in outlets if o]}


def _about(site: Site) -> Markup | None:
    """The operator's about page: HTML (sanitised) or plain text; None for the built-in."""
    path = site.settings.about
    if path is None or not path.is_file():
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in {".html", ".htm"}:
        return Markup(nh3.clean(text, tags=ABOUT_TAGS, attributes={"a": {"href"}},
                                url_schemes={"http", "https", "mailto"}))
    return Markup("").join(Markup("<p>{}</p>").format(p) for p in paragraphs(text))


def _int(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


