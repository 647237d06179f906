"""JSON-LD for search engines: a schema.org ``NewsArticle`` per story and article page, with
the page it is based on (``isBasedOn``: the origin's own URL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

HEADLINE_CHARS = 110  # search engines cut longer headlines


def organization(name: str, url: str | None = None, logo: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        found["url"] = url
    if logo:
        found["logo"] = {"@type": "ImageObject", "url": logo}
    return found


def news_article(
    *, url: str, headline: str, published: datetime, modified: datetime,
    authors: list[dict[str, Any]], publisher: dict[str, Any], based_on: str | None,
    images: list[str], description: str = "", language: str | None = None,
) -> dict[str, Any]:
    """One ``NewsArticle``: every property Google's article guidelines name."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": _cut(headline, HEADLINE_CHARS),
        "datePublished": published.isoformat(timespec="seconds"),
        "dateModified": _between(modified, published).isoformat(timespec="seconds"),
        "author": authors,
        "publisher": publisher,
    }
    if images:
        data["image"] = images
    if based_on:
        data["isBasedOn"] = based_on
    if description:
        data["description"] = description
    if language:
        data["inLanguage"] = language
    return data


def authors_of(people: list[str], outlet: str | None, outlet_url: str | None
               ) -> list[dict[str, Any]]:
    """The article's named authors; else the outlet that published it."""
    named = [{"@type": "Person", "name": p} for p in people if p.strip()]
    return named or [organization(outlet or "Unknown outlet", outlet_url)]


def script_body(data: dict[str, Any]) -> Markup:
    """``data`` as the body of a ``<script type="application/ld+json">``: ``<``, ``>`` and
    ``&`` escaped as JSON escapes, so stored text can never close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _between(modified: datetime, published: datetime) -> datetime:
    """The modification time, no earlier than publication and never in the future."""
    return max(min(modified, datetime.now(UTC)), published)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
