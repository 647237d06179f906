"""Map one parsed feed entry (from fastfeedparser or feedparser) into a SourceItem.

Both libraries return dicts of nearly the same shape; the few differences (dates as strings or
``struct_time``, enclosures as links or a list) are handled here, in one place.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from newsdesk.records import SourceItem
from newsdesk.urls import normalize_url

from ._dates import parse_datetime
from ._html import collapse_spaces, sanitize_html, text_or_none

Entry = Mapping[str, Any]
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


def entry_to_item(entry: Entry, base_url: str, language: str | None) -> SourceItem | None:
    """The item for ``entry``, or None when it has no usable link."""
    url = _entry_url(entry, base_url)
    if url is None:
        return None
    return SourceItem(
        url=url,
        guid=_clean(entry.get("id")),
        title=text_or_none(entry.get("title")),
        summary=text_or_none(entry.get("description") or entry.get("summary")),
        content_html=_content_html(entry, base_url),
        published=_date(entry, "published"),
        updated=_date(entry, "updated"),
        authors=_unique(_author_names(entry)),
        image=_image(entry, base_url),
        tags=_unique(_tag_terms(entry)),
        language=_clean(entry.get("language")) or language,
    )


def _entry_url(entry: Entry, base_url: str) -> str | None:
    candidates = [entry.get("link")]
    candidates += [
        link.get("href") for link in entry.get("links") or () if link.get("rel") == "alternate"
    ]
    if entry.get("guidislink", True):
        candidates.append(entry.get("id"))
    for candidate in candidates:
        if not candidate or not isinstance(candidate, str):
            continue
        try:
            url = normalize_url(candidate, base_url)
        except ValueError:
            continue
        if url.startswith(("http://", "https://")):
            return url
    return None


def _content_html(entry: Entry, base_url: str) -> str | None:
    for content in entry.get("content") or ():
        value = content.get("value") or ""
        if not value.strip():
            continue
        kind = (content.get("type") or "").lower()
        if kind == "text/plain":
            paragraphs = [p for p in value.split("\n\n") if p.strip()]
            return "".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs)
        base = urljoin(base_url, content.get("base") or "")
        return sanitize_html(value, base) or None
    return None


def _date(entry: Entry, name: str) -> datetime | None:
    return parse_datetime(entry.get(f"{name}_parsed")) or parse_datetime(entry.get(name))


def _author_names(entry: Entry) -> Iterable[str]:
    for author in entry.get("authors") or ():
        if isinstance(author, Mapping) and author.get("name"):
            yield author["name"]
    if entry.get("author"):
        yield entry["author"]


def _tag_terms(entry: Entry) -> Iterable[str]:
    for tag in entry.get("tags") or ():
        term = tag.get("term") or tag.get("label")
        if term:
            yield term


def _image(entry: Entry, base_url: str) -> str | None:
    for url in _image_candidates(entry):
        if isinstance(url, str) and url.strip():
            try:
                return normalize_url(url, base_url)
            except ValueError:
                continue
    return None


def _image_candidates(entry: Entry) -> Iterable[str | None]:
    yield entry.get("image") if isinstance(entry.get("image"), str) else None
    for thumbnail in entry.get("media_thumbnail") or ():
        yield thumbnail.get("url")
    for media in entry.get("media_content") or ():
        if _is_image(media.get("type"), media.get("medium"), media.get("url")):
            yield media.get("url")
    enclosures = list(entry.get("enclosures") or ())
    enclosures += [link for link in entry.get("links") or () if link.get("rel") == "enclosure"]
    for enclosure in enclosures:
        url = enclosure.get("url") or enclosure.get("href")
        if _is_image(enclosure.get("type"), None, url):
            yield url


def _is_image(media_type: str | None, medium: str | None, url: str | None) -> bool:
    if media_type:
        return media_type.lower().startswith("image/")
    if medium:
        return medium.lower() == "image"
    return bool(url) and url.lower().split("?")[0].endswith(_IMAGE_SUFFIXES)


def _clean(value: object) -> str | None:
    return collapse_spaces(value) or None if isinstance(value, str) else None


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        text = collapse_spaces(html.unescape(value))
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen[text] = None
    return tuple(seen)
