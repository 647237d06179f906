"""JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1), mapped into the entry shape that
``_feed_entries`` reads, so every feed format ends in the same code."""

from __future__ import annotations

import json
from typing import Any

from .errors import SourceParseError

JsonObject = dict[str, Any]


def read_json_feed(text: str) -> tuple[JsonObject, list[JsonObject]]:
    """The feed's own fields and its entries; raises SourceParseError on broken JSON."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise SourceParseError(
            f"this JSON feed is not valid JSON ({error}); check the URL serves the feed itself"
        ) from error
    if not isinstance(document, dict) or not isinstance(document.get("items", []), list):
        raise SourceParseError("this JSON document is not a JSON Feed: it has no list of items")
    feed = {
        "title": _text(document.get("title")),
        "link": _text(document.get("home_page_url")),
        "language": _text(document.get("language")),
    }
    entries = [_entry(item) for item in document.get("items", []) if isinstance(item, dict)]
    return feed, entries


def _entry(item: JsonObject) -> JsonObject:
    content = []
    if _text(item.get("content_html")):
        content.append({"type": "text/html", "value": item["content_html"]})
    elif _text(item.get("content_text")):
        content.append({"type": "text/plain", "value": item["content_text"]})
    authors = [a for a in _list(item.get("authors")) if isinstance(a, dict)]
    if isinstance(item.get("author"), dict):  # JSON Feed 1.0
        authors.append(item["author"])
    return {
        "id": _text(item.get("id")) or str(item.get("id") or "") or None,
        "link": _text(item.get("url")) or _text(item.get("external_url")),
        "title": _text(item.get("title")),
        "description": _text(item.get("summary")),
        "content": content,
        "published": _text(item.get("date_published")),
        "updated": _text(item.get("date_modified")),
        "authors": [{"name": _text(a.get("name"))} for a in authors],
        "tags": [{"term": t} for t in _list(item.get("tags")) if isinstance(t, str)],
        "image": _text(item.get("image")) or _text(item.get("banner_image")),
        "enclosures": [
            {"url": _text(a.get("url")), "type": _text(a.get("mime_type"))}
            for a in _list(item.get("attachments"))
            if isinstance(a, dict)
        ],
        "language": _text(item.get("language")),
        "guidislink": False,
    }


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
