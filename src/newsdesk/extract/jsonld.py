"""Read the article object out of a page's JSON-LD blocks (schema.org NewsArticle & co)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "liveblogposting", "opinionnewsarticle", "backgroundnewsarticle", "socialmediaposting",
    "webpage",
})
_MAX_BLOCK_CHARS = 1_000_000  # a larger script block is not metadata; skip it
_MAX_ITEMS = 200


@dataclass(slots=True)
class LinkedData:
    """The fields of the best article object found (all empty when none)."""

    headline: str | None = None
    description: str | None = None
    published: str | None = None
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    image: str | None = None
    keywords: list[str] = field(default_factory=list)
    publisher: str | None = None
    language: str | None = None
    url: str | None = None
    article_body: str = ""


def read_linked_data(tree: LexborHTMLParser) -> LinkedData:
    """The first article-like JSON-LD object; broken JSON is skipped, never raised."""
    best: dict[str, Any] | None = None
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True) or ""
        if len(raw) > _MAX_BLOCK_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        for item in _items(data):
            kind = _types(item)
            if kind & _ARTICLE_TYPES and (best is None or "webpage" in _types(best)):
                best = item
    return _fields(best) if best else LinkedData()


def _items(data: Any) -> Iterator[dict[str, Any]]:
    pending = [data]
    seen = 0
    while pending and seen < _MAX_ITEMS:
        item = pending.pop(0)
        seen += 1
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            if "@graph" in item:
                pending.extend(item["@graph"] if isinstance(item["@graph"], list) else [])
            yield item


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _fields(item: dict[str, Any]) -> LinkedData:
    publisher = item.get("publisher")
    return LinkedData(
        headline=_text(item.get("headline")) or _text(item.get("name")),
        description=_text(item.get("description")),
        published=_text(item.get("datePublished")),
        modified=_text(item.get("dateModified")),
        authors=_names(item.get("author")),
        image=_url(item.get("image")),
        keywords=_keywords(item.get("keywords")),
        publisher=(_names(publisher) or [None])[0],
        language=_text(item.get("inLanguage")),
        url=_text(item.get("url")) or _url(item.get("mainEntityOfPage")),
        article_body=_text(item.get("articleBody")) or "",
    )


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = []
    for entry in values:
        name = _text(entry.get("name")) if isinstance(entry, dict) else _text(entry)
        if name and not name.startswith("http"):
            names.append(name)
    return names


def _url(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("url")) or _text(value.get("@id"))
    return _text(value)


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [part.strip() for part in value if isinstance(part, str) and part.strip()]
    return []
