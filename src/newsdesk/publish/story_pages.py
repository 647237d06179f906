"""The story page (the original, then every copy and rewrite) and the article page (clean
text, credit, the origin's link, the text before repair)."""

from __future__ import annotations

from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsdesk.publish import lookups
from newsdesk.publish.images import Picture
from newsdesk.publish.original import original_text
from newsdesk.publish.page_meta import article_meta, story_meta
from newsdesk.publish.site import Site
from newsdesk.store.publishing import news_time

T = TypeVar("T")


def story_routes(router: APIRouter, site: Site) -> None:
    store = site.store

    @router.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(request: Request, story_id: int) -> Response:
        shown = lookups.found(store.visible_story, story_id, "story")
        if shown.merged_into is not None:  # merged away: the story it joined, for good
            return RedirectResponse(f"/stories/{store.live_story_id(story_id)}", 301)
        original = next((a for a in shown.articles if a.id == shown.original_article_id), None)
        lead = original or (shown.articles[0] if shown.articles else None)
        if shown.news_time is None and lead is not None:  # as the stories.news_time column
            shown.news_time = news_time(lead)
        others = sorted((a for a in shown.articles if a is not original), key=news_time)
        picture = _picture(site, lead.id, lead.article.title) if lead else None
        ui = site.interface(lead.article.language if lead else None)
        return site.render(request, "story.html", ui=ui,
                           meta=story_meta(site, request, shown, lead, picture), story=shown,
                           original=original, lead=lead, others=others, lead_picture=picture)

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article(request: Request, article_id: int) -> HTMLResponse:
        stored = lookups.found(store.visible_article, article_id, "article")
        a = stored.article
        before = {f: original_text(getattr(a, f), a.repairs, f) for f in ("title", "summary",
                                                                           "text")}
        changed = any(before[f] != getattr(a, f) for f in before)
        picture = _picture(site, stored.id, a.title)
        return site.render(request, "article.html", ui=site.interface(a.language),
                           meta=article_meta(site, request, stored, picture), stored=stored,
                           a=a, original=before if changed else None, lead_picture=picture,
                           moment=news_time(stored))


def _picture(site: Site, article_id: int, alt: str) -> Picture | None:
    kept = site.store.lead_images([article_id]).get(article_id)
    return Picture.of(kept, alt) if kept else None


