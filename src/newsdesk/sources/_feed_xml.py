"""Read RSS/Atom XML with the fast parser, and recover broken documents with feedparser.

fastfeedparser reads a 100-item RSS document about 90 times faster than feedparser (see
docs/sources.md), so it reads every well-formed feed. On a malformed one it may silently drop
items, so there we count the item elements in the raw bytes, and when it read fewer (or failed)
we also run feedparser, whose forgiving parser recovers more, and keep whichever found more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import fastfeedparser
import feedparser
from lxml import etree

from .errors import SourceParseError

_ITEM_TAG = re.compile(rb"<(?:[\w-]+:)?(?:item|entry)[\s>/]")
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(slots=True)
class XmlFeed:
    feed: dict[str, Any]
    entries: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)


def read_xml_feed(data: bytes, url: str) -> XmlFeed:
    """Feed fields and entries of UTF-8 RSS/Atom bytes (declaration already saying UTF-8)."""
    problem = _xml_problem(data)
    if problem is None:
        try:
            return _from_fast(fastfeedparser.parse(data))
        except ValueError as error:
            raise SourceParseError(
                f"this XML document is not an RSS or Atom feed ({error}); "
                "check the URL or add it as another kind"
            ) from error
    return _recover(data, url, problem)


def _recover(data: bytes, url: str, problem: str) -> XmlFeed:
    expected = len(_ITEM_TAG.findall(data))
    try:
        best = _from_fast(fastfeedparser.parse(data))
    except ValueError:
        best = XmlFeed({}, [])
    if len(best.entries) < expected:
        slow = feedparser.parse(data, response_headers={"content-location": url})
        if len(slow.entries) > len(best.entries) or not best.feed:
            best = XmlFeed(dict(slow.feed), [dict(e) for e in slow.entries])
    if not best.entries and not best.feed.get("title"):
        raise SourceParseError(
            f"this feed is broken XML ({problem}) and no item could be recovered; "
            "ask the publisher to fix it or follow the site's pages instead"
        )
    best.warnings.append(
        f"the feed is not well-formed XML ({problem}); "
        f"recovered {len(best.entries)} of {expected} items"
    )
    return best


def _from_fast(parsed: Any) -> XmlFeed:
    return XmlFeed(dict(parsed.get("feed") or {}), [dict(e) for e in parsed.get("entries") or ()])


def _xml_problem(data: bytes) -> str | None:
    """None when ``data`` is well-formed XML, else libxml2's first complaint."""
    try:
        etree.fromstring(data, _SAFE_PARSER)
    except etree.XMLSyntaxError as error:
        return str(error.msg or error).split(", line")[0]
    return None
