"""Managing what newsdesk follows: adding a source (with its kind detected), OPML import and
export, and per-source settings."""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from newsdesk import opml, source_settings, sources
from newsdesk.app import App
from newsdesk.display_text import one_line
from newsdesk.fetch import Fetcher, FetchError, check_url, is_public_address
from newsdesk.records import SourceKind
from newsdesk.store import NewSource, Source, Store
from newsdesk.urls import normalize_url


class FeedsOffered(sources.SourceParseError):
    """The address is a web page that offers feeds: ``feeds`` lists them, to pick one."""

    def __init__(self, url: str, feeds: list[str]) -> None:
        super().__init__(f"{url} is a web page that offers feeds: {', '.join(feeds)}; add one"
                         " of those, or add the page itself with --kind page")
        self.url = url
        self.feeds = feeds


async def add_source(
    app: App, url: str, *, kind: str = "auto", name: str | None = None, folder: str | None = None,
) -> Source:
    """Follow ``url``. With ``kind="auto"`` the URL is fetched once to detect its kind; a web
    page that links to feeds is refused with the feeds listed, so the user can pick one."""
    try:
        url = source_url(url, app.config.allow_private)
    except ValueError as exc:
        raise sources.SourceParseError(str(exc)) from exc
    name, folder = checked_labels(name, folder)
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
                await _refuse_page_with_feeds(url, page.body, page.final_url, fetcher)
        kind = detected.value
        title = _title(detected, page.body, page.final_url, page.content_type, page.charset)
    if title:
        title = one_line(title, source_settings.MAX_NAME_CHARS) or None
    return app.store.add_source(
        url, name=name or title or urlsplit(url).hostname or url, kind=kind, folder=folder,
        interval_s=app.config.poll.default_interval_s,
    )


def checked_labels(name: str | None, folder: str | None) -> tuple[str | None, str | None]:
    """A new source's name and folder as typed, checked like `sources set` checks them;
    raises ``SourceParseError`` saying which is wrong."""
    try:
        name = source_settings.name_value(name) if name is not None else None
    except source_settings.SettingError as exc:
        raise sources.SourceParseError(f"name: {exc}") from exc
    try:
        return name, source_settings.folder_value(folder)
    except source_settings.SettingError as exc:
        raise sources.SourceParseError(f"folder: {exc}") from exc


async def _refuse_page_with_feeds(url: str, body: bytes, final_url: str,
                                  fetcher: Fetcher) -> None:
    """A page that declares feeds, or a home page where the usual feed addresses answer
    with feeds, is refused with those feeds listed."""
    feeds = sources.discover_feeds(body, final_url)
    if not feeds and urlsplit(final_url).path in ("", "/"):
        feeds = await _probe_common_paths(final_url, fetcher)
    if feeds:
        raise FeedsOffered(url, feeds[:5])


async def _probe_common_paths(home: str, fetcher: Fetcher) -> list[str]:
    candidates = [urljoin(home, path) for path in sources.COMMON_FEED_PATHS]

    async def is_feed(candidate: str) -> bool:
        try:
            found = await fetcher.fetch(candidate)
        except FetchError:
            return False
        kind = sources.detect_kind(found.body, found.final_url, found.content_type)
        return kind in (SourceKind.FEED, SourceKind.SITEMAP)

    answers = await asyncio.gather(*(is_feed(c) for c in candidates))
    return [c for c, ok in zip(candidates, answers, strict=True) if ok]


def _title(kind: SourceKind, body: bytes, url: str, content_type: str,
           charset: str | None) -> str | None:
    try:
        parsed = sources.parse_source(kind, body, url, content_type=content_type, charset=charset)
    except sources.SourceParseError:
        return None
    return parsed.title


@dataclass(slots=True)
class ImportReport:
    """What an OPML import did with each entry."""

    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (entry, reason)


def import_opml(store: Store, data: bytes, *, allow_private: bool, interval_s: float,
                max_outlines: int = opml.MAX_OUTLINES) -> ImportReport:
    """Add every subscription of an OPML file that is valid and new, in one transaction.

    Invalid, duplicate and private-address entries are reported one by one; nothing already
    stored is touched. Importing the same file twice adds nothing the second time."""
    report = ImportReport()
    known = store.source_urls()
    fresh: list[NewSource] = []
    seen: set[str] = set()
    for outline in opml.read_opml(data, max_outlines=max_outlines):
        label = f"line {outline.line}: {outline.url}" if outline.line else outline.url
        try:
            url = source_url(outline.url, allow_private)
        except (FetchError, ValueError) as exc:
            report.rejected.append((label, str(exc)))
            continue
        if url in seen:
            report.rejected.append((label, "listed twice in this file"))
            continue
        seen.add(url)
        if url in known:
            report.present.append(url)
        else:
            fresh.append(_new_source(url, outline))
    for entry, added in zip(fresh, store.add_sources(fresh, interval_s=interval_s), strict=True):
        (report.added if added else report.present).append(entry.url)
    return report


def source_url(url: str, allow_private: bool) -> str:
    """``url`` checked and normalised once, as every way of adding a source (CLI, API, OPML)
    stores it. Raises ``FetchError`` (not a fetchable address) or ``ValueError`` (a private
    host, refused here so it is not stored only to fail at every poll)."""
    check_url(url)
    normalized = normalize_url(url)
    host = urlsplit(normalized).hostname or ""
    if not allow_private and _names_private_host(host):
        raise ValueError(f"{host} is a private address; pass --allow-private to follow it")
    return normalized


def _names_private_host(host: str) -> bool:
    """Private IPs in any spelling (normalised by now) and local names; names that resolve
    privately are refused when they are fetched."""
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        return not is_public_address(ipaddress.ip_address(host))
    except ValueError:
        return False


def _new_source(url: str, outline: opml.Outline) -> NewSource:
    kind = outline.kind if outline.kind in {k.value for k in SourceKind} else SourceKind.FEED
    settings = {"site_url": outline.html_url} if outline.html_url else {}
    title = one_line(outline.title or "", source_settings.MAX_NAME_CHARS)
    return NewSource(url=url, name=title or urlsplit(url).hostname or url,
                     kind=str(kind), folder=_folder(outline.folder), settings=settings)


def _folder(path: str | None) -> str | None:
    """An OPML file's folder, made a valid folder path; dropped if it cannot be one."""
    if not path:
        return None
    parts = [one_line(p, 60).replace("\\", "-") for p in path.split(opml.FOLDER_SEPARATOR)]
    try:
        return source_settings.folder_value("/".join(p for p in parts if p.strip(". ")))
    except source_settings.SettingError:
        return None


def export_opml(store: Store) -> bytes:
    """Every source, in its folder, as OPML 2.0 (with newsdesk's kind kept for round trips)."""
    return opml.write_opml(
        opml.Outline(url=s.url, title=s.name, html_url=s.settings.get("site_url"),
                     folder=s.folder, kind=s.kind)
        for s in store.list_sources()
    )


def change_settings(store: Store, source_id: int, assignments: list[str]) -> Source:
    """Apply ``KEY=VALUE`` settings to one source; resuming a source clears its error run."""
    current = store.get_source(source_id)
    changes = source_settings.source_changes(current.settings, assignments)
    if changes.get("status") == "active" and current.status != "active":
        changes.update(error_count=0, next_poll_at=datetime.now(UTC))
    return store.update_source(source_id, **changes)
