"""What every page of the site shares: the settings, the interface languages, the sections,
the public address, and rendering a template into a response."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from newsdesk.config import SiteSettings
from newsdesk.publish.i18n import INTERFACE_LANGUAGES, Interface, primary
from newsdesk.publish.templating import Templates
from newsdesk.store import Store
from newsdesk.store.publishing import news_time

T = TypeVar("T")
_SECTIONS_TTL_S = 60.0
OG_LOCALES = {"en": "en_GB", "fa": "fa_IR", "ar": "ar_AR"}


@dataclass(slots=True)
class PageMeta:
    """What a page tells search engines and link previews about itself."""

    title: str
    description: str = ""
    canonical: str = ""
    kind: str = "website"  # og:type: website or article
    image: str | None = None  # absolute URL of our own copy of the picture
    image_alt: str = ""
    image_size: tuple[int, int] | None = None
    published: str | None = None  # ISO 8601
    modified: str | None = None
    json_ld: Markup | None = None
    noindex: bool = False


class Site:
    """The site of one store, as the settings shape it."""

    def __init__(self, store: Store, settings: SiteSettings, site_url: str | None = None) -> None:
        self.store = store
        self.settings = settings
        self.site_url = site_url.rstrip("/") if site_url else None
        self.zone = _zone(settings.timezone)
        self.ui = Interface(settings.language, self.zone, settings.hijri)
        self.templates = Templates(settings.templates)
        self.sections = cached(store.top_folders, _SECTIONS_TTL_S)
        self.languages = cached(store.article_languages, _SECTIONS_TTL_S)

    def interface(self, content_language: str | None = None) -> Interface:
        """The site's interface, or the content's language when we have that translation: a
        Persian story page reads in Persian throughout."""
        code = primary(content_language)
        if code in INTERFACE_LANGUAGES and code != self.ui.code:
            return Interface(code, self.zone, self.settings.hijri)
        return self.ui

    def base_url(self, request: Request) -> str:
        """The public address: NEWSDESK_SITE_URL, else what the request was sent to."""
        return self.site_url or str(request.base_url).rstrip("/")

    def canonical(self, request: Request, path: str | None = None) -> str:
        return self.base_url(request) + (path if path is not None else _path_and_query(request))

    def render(self, request: Request, name: str, *, meta: PageMeta, ui: Interface | None = None,
               status: int = 200, **context: Any) -> HTMLResponse:
        ui = ui or self.ui
        if not meta.canonical:
            meta.canonical = self.canonical(request)
        body = self.templates.render(
            ui.code, name, site=self.settings, ui=ui, meta=meta, sections=self.sections(),
            og_locale=OG_LOCALES.get(ui.code, "en_GB"), news_time=news_time, **context)
        return HTMLResponse(body, status_code=status)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"NEWSDESK_TIMEZONE={name!r} is not a time zone; use an IANA name"
                         " such as Europe/London or Asia/Tehran") from exc


def _path_and_query(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def cached(load: Callable[[], T], ttl_s: float) -> Callable[[], T]:
    """``load``'s answer, reused for ``ttl_s`` seconds."""
    kept: list[tuple[float, T]] = []

    def get() -> T:
        moment = time.monotonic()
        if not kept or moment - kept[0][0] > ttl_s:
            kept[:] = [(moment, load())]
        return kept[0][1]
    return get
