"""What each kind of page tells search engines and link previews: title, description,
canonical address, Open Graph picture and times, and JSON-LD."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from newsdesk.publish import structured_data as ld
from newsdesk.publish.images import Picture
from newsdesk.publish.site import PageMeta, Site
from newsdesk.store import StoredArticle, Story
from newsdesk.store.publishing import news_time

DESCRIPTION_CHARS = 160


def describe(text: str | None) -> str:
    """The first ~160 characters of ``text``, cut at a word."""
    text = " ".join((text or "").split())
    if len(text) <= DESCRIPTION_CHARS:
        return text
    return text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"


def story_meta(site: Site, request: Request, story: Story, lead: StoredArticle | None,
               picture: Picture | None) -> PageMeta:
    base = site.base_url(request)
    url = f"{base}/stories/{story.id}"
    a = lead.article if lead else None
    published = story.news_time or (news_time(lead) if lead else story.first_seen)
    credited = (a.original_source.name if a and a.original_source else None) or \
        (a.publisher if a else None)
    data = ld.news_article(
        url=url, headline=story.title or (a.title if a else ""), published=published,
        modified=story.updated_at, authors=[ld.organization(credited or site.settings.name)],
        publisher=_publisher(site, base), based_on=_origin(lead),
        images=[base + picture.largest] if picture else [],
        description=describe(a.summary if a else ""), language=a.language if a else None)
    return _article_meta(base, url, data, picture)


def article_meta(site: Site, request: Request, stored: StoredArticle,
                 picture: Picture | None) -> PageMeta:
    base = site.base_url(request)
    url = f"{base}/articles/{stored.id}"
    a = stored.article
    published = news_time(stored)
    data = ld.news_article(
        url=url, headline=a.title, published=published, modified=a.updated or published,
        authors=ld.authors_of(a.authors, a.publisher or stored.source_name, None),
        publisher=_publisher(site, base), based_on=_origin(stored),
        images=[base + picture.largest] if picture else [], description=describe(a.summary),
        language=a.language)
    return _article_meta(base, url, data, picture)


def list_meta(site: Site, title: str, description: str = "", *, noindex: bool = False
              ) -> PageMeta:
    return PageMeta(title=title, description=describe(description or site.settings.description
                                                      or ""), noindex=noindex)


def _article_meta(base: str, url: str, data: dict[str, Any], picture: Picture | None
                  ) -> PageMeta:
    return PageMeta(
        title=data["headline"], description=data.get("description", ""), canonical=url,
        kind="article", image=base + picture.largest if picture else None,
        image_alt=picture.alt if picture else "",
        image_size=(picture.width, picture.height) if picture else None,
        published=data["datePublished"], modified=data["dateModified"],
        json_ld=ld.script_body(data))


def _publisher(site: Site, base: str) -> dict[str, Any]:
    logo = f"{base}/site-logo" if site.settings.logo else None
    return ld.organization(site.settings.name, base + "/", logo)


def _origin(stored: StoredArticle | None) -> str | None:
    if stored is None:
        return None
    url = stored.article.canonical_url or stored.article.url
    return url if url.startswith(("http://", "https://")) else None
