"""One feed, three formats: RSS 2.0, Atom 1.0 and JSON Feed 1.1, built from the same items.

XML is built with ElementTree, so every text is escaped by construction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree import ElementTree as ET

ATOM_NS = "http://www.w3.org/2005/Atom"
FORMATS = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}


@dataclass(frozen=True, slots=True)
class FeedItem:
    id: str  # a stable URL of ours: never changes, even when the title does
    title: str
    link: str  # the outlet's page
    summary: str
    published: datetime
    updated: datetime
    author: str | None  # the outlet that carried it
    credit: str | None  # the outlet that first reported it
    language: str | None = None


@dataclass(slots=True)
class Feed:
    title: str
    description: str
    home_url: str  # the page of ours the feed follows
    self_url: str  # the feed's own URL, in the format served
    items: list[FeedItem] = field(default_factory=list)
    language: str | None = None

    @property
    def updated(self) -> datetime:
        return max((i.updated for i in self.items), default=datetime(2000, 1, 1, tzinfo=UTC))


def item_text(item: FeedItem) -> str:
    """The summary plus the credit line every item carries."""
    credit = f"Originally reported by {item.credit}." if item.credit else ""
    return "\n\n".join(p for p in (item.summary, credit) if p)


def render(feed: Feed, fmt: str) -> bytes:
    return {"rss": rss, "atom": atom, "json": json_feed}[fmt](feed)


def rss(feed: Feed) -> bytes:
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS})
    channel = ET.SubElement(root, "channel")
    text_element(channel, "title", feed.title)
    text_element(channel, "link", feed.home_url)
    text_element(channel, "description", feed.description)
    ET.SubElement(channel, "atom:link", {"href": feed.self_url, "rel": "self",
                                         "type": FORMATS["rss"].split(";")[0]})
    if feed.language:
        text_element(channel, "language", feed.language)
    text_element(channel, "lastBuildDate", _rfc822(feed.updated))
    text_element(channel, "generator", "newsdesk")
    for item in feed.items:
        node = ET.SubElement(channel, "item")
        text_element(node, "title", item.title)
        text_element(node, "link", item.link)
        text_element(node, "description", item_text(item))
        ET.SubElement(node, "guid", {"isPermaLink": "true"}).text = item.id
        text_element(node, "pubDate", _rfc822(item.published))
        if item.credit:
            text_element(node, "source", item.credit).set("url", item.link)
    return xml_document(root)


def atom(feed: Feed) -> bytes:
    root = ET.Element("feed", {"xmlns": ATOM_NS})
    if feed.language:
        root.set("xml:lang", feed.language)
    text_element(root, "id", feed.self_url)
    text_element(root, "title", feed.title)
    text_element(root, "subtitle", feed.description)
    text_element(root, "updated", feed.updated.isoformat())
    ET.SubElement(ET.SubElement(root, "author"), "name").text = "newsdesk"
    ET.SubElement(root, "link", {"rel": "self", "href": feed.self_url})
    ET.SubElement(root, "link", {"rel": "alternate", "href": feed.home_url, "type": "text/html"})
    text_element(root, "generator", "newsdesk")
    for item in feed.items:
        entry = ET.SubElement(root, "entry")
        if item.language:
            entry.set("xml:lang", item.language)
        text_element(entry, "id", item.id)
        text_element(entry, "title", item.title)
        text_element(entry, "updated", item.updated.isoformat())
        text_element(entry, "published", item.published.isoformat())
        ET.SubElement(entry, "link", {"rel": "alternate", "href": item.link})
        if item.author:
            ET.SubElement(ET.SubElement(entry, "author"), "name").text = item.author
        text_element(entry, "summary", item_text(item)).set("type", "text")
    return xml_document(root)


def json_feed(feed: Feed) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.self_url,
        "description": feed.description,
        "authors": [{"name": "newsdesk"}],
        "items": [_json_item(i) for i in feed.items],
    }
    if feed.language:
        document["language"] = feed.language
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _json_item(item: FeedItem) -> dict[str, object]:
    shape: dict[str, object] = {
        "id": item.id,
        "url": item.link,
        "title": item.title,
        "content_text": item_text(item),
        "summary": item_text(item),
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
    }
    if item.author:
        shape["authors"] = [{"name": item.author}]
    if item.language:
        shape["language"] = item.language
    if item.credit:
        shape["_newsdesk"] = {"original_source": item.credit}  # extensions start with _
    return shape


def text_element(parent: ET.Element, tag: str, value: str) -> ET.Element:
    node = ET.SubElement(parent, tag)
    node.text = _xml_safe(value)
    return node


def _xml_safe(value: str) -> str:
    # XML 1.0 forbids most control characters even when escaped; drop them.
    return "".join(c for c in value if c in "\t\n\r" or _allowed(ord(c)))


def _allowed(code: int) -> bool:
    return code >= 0x20 and not 0xD800 <= code <= 0xDFFF and code not in (0xFFFE, 0xFFFF)


def _rfc822(value: datetime) -> str:
    return format_datetime(value.astimezone(UTC), usegmt=True)


def xml_document(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
