"""RSS 0.9x/1.0/2.0, Atom 1.0 and JSON Feed 1.1 documents → source items.

Every format ends in ``_feed_entries.entry_to_item``: links made absolute (against ``xml:base``
or the feed URL) and normalised, dates timezone-aware, HTML sanitised, ``summary`` plain text.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from newsdesk.records import ParsedSource, SourceItem, SourceKind
from newsdesk.urls import normalize_url

from ._encoding import declare_utf8, decode_document
from ._feed_entries import entry_to_item
from ._feed_xml import read_xml_feed
from ._html import text_or_none
from ._jsonfeed import read_json_feed
from ._sniff import head_of, is_html, is_json_feed, root_element
from .discover import discover_feeds
from .errors import SourceParseError

__all__ = ["parse_feed"]

_LANGUAGE = re.compile(r"<(?:dc:)?language>\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\s*<")


def parse_feed(body: bytes, url: str, charset: str | None = None) -> ParsedSource:
    """Items of a feed document; raises SourceParseError when it is not a readable feed."""
    head = head_of(body)
    if not body.strip():
        raise SourceParseError("the feed is empty (no bytes); check the URL serves a feed")
    if is_html(head):
        raise SourceParseError(_html_instead_of_feed(body, url))
    decoded = decode_document(body, charset)
    if is_json_feed(head) or decoded.text.lstrip().startswith("{"):
        feed, entries = read_json_feed(decoded.text)
        warnings: list[str] = []
    else:
        if root_element(head) is None:
            raise SourceParseError(
                "this document is neither XML nor JSON, so it cannot be a feed; check the URL"
            )
        xml = read_xml_feed(declare_utf8(decoded.text).encode("utf-8"), url)
        feed, entries, warnings = xml.feed, xml.entries, xml.warnings
        if not feed.get("language"):
            feed["language"] = _declared_language(decoded.text)
    return _assemble(feed, entries, url, [*decoded.warnings, *warnings])


def _assemble(
    feed: dict[str, Any], entries: list[dict[str, Any]], url: str, warnings: list[str]
) -> ParsedSource:
    base = urljoin(url, (feed.get("title_detail") or {}).get("base") or "")
    language = feed.get("language") or None
    items: list[SourceItem] = []
    for entry in entries:
        item = entry_to_item(entry, base, language)
        if item is None:
            warnings.append(f"skipped an item without a usable link: {entry.get('title')!r}")
        else:
            items.append(item)
    return ParsedSource(
        kind=SourceKind.FEED,
        items=items,
        title=text_or_none(feed.get("title")),
        site_url=_site_url(feed.get("link"), base),
        language=language,
        warnings=warnings,
    )


def _site_url(link: object, base: str) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        return normalize_url(link, base)
    except ValueError:
        return None


def _declared_language(text: str) -> str | None:
    # fastfeedparser leaves an RSS channel's <language> out; it sits near the top.
    match = _LANGUAGE.search(text[:8192])
    return match.group(1) if match else None


def _html_instead_of_feed(body: bytes, url: str) -> str:
    feeds = discover_feeds(body, url)
    advice = (
        f"use one of the feeds it links to: {', '.join(feeds)}"
        if feeds
        else "it links to no feed, so try the common feed paths (/feed, /rss.xml ...)"
    )
    return f"this is an HTML page, not a feed; add it with --kind page or {advice}"
