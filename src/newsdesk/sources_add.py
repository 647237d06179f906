"""Adding a source: check the URL, find out what kind of source it is, name it."""

from __future__ import annotations

from urllib.parse import urlsplit

from newsdesk import sources
from newsdesk.app import App
from newsdesk.fetch import check_url
from newsdesk.records import SourceKind
from newsdesk.store import Source
from newsdesk.urls import normalize_url


async def add_source(
    app: App, url: str, *, kind: str = "auto", name: str | None = None, folder: str | None = None,
) -> Source:
    """Follow ``url``. With ``kind="auto"`` the URL is fetched once to detect its kind; a web
    page that links to feeds is refused with the feeds listed, so the user can pick one."""
    check_url(url)
    url = normalize_url(url)
    title = None
    if kind == "auto":
        async with app.fetcher() as fetcher:
            page = await fetcher.fetch(url)
        detected = sources.detect_kind(page.body, page.final_url, page.content_type)
        if detected is None:
            raise sources.SourceParseError(
                f"{url} is not a feed, sitemap, section page or Telegram channel"
                f" ({page.content_type or 'unknown type'}); check the address")
        if detected == SourceKind.PAGE:
            _refuse_page_with_feeds(url, page.body, page.final_url)
        kind = detected.value
        title = _title(detected, page.body, page.final_url, page.content_type, page.charset)
    return app.store.add_source(
        url, name=name or title or urlsplit(url).hostname or url, kind=kind, folder=folder,
        interval_s=app.config.poll.default_interval_s,
    )


def _refuse_page_with_feeds(url: str, body: bytes, final_url: str) -> None:
    feeds = sources.discover_feeds(body, final_url)
    if feeds:
        listed = ", ".join(feeds[:5])
        raise sources.SourceParseError(
            f"{url} is a web page that offers feeds: {listed}; add one of those, or add the page"
            " itself with --kind page")


def _title(kind: SourceKind, body: bytes, url: str, content_type: str,
           charset: str | None) -> str | None:
    try:
        parsed = sources.parse_source(kind, body, url, content_type=content_type, charset=charset)
    except sources.SourceParseError:
        return None
    return parsed.title
