"""Checks of what the site tells search engines, written from schema.org's NewsArticle (with
the properties Google's article guidelines name) and the sitemaps.org / Google News schemas
(the XSDs in testdata/ are ours, written from those specifications)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree, html

TESTDATA = Path(__file__).parent / "testdata"
# Every property we may use must be one schema.org defines for NewsArticle (or its parents).
NEWS_ARTICLE_PROPERTIES = {
    "@context", "@type", "mainEntityOfPage", "url", "headline", "datePublished",
    "dateModified", "author", "publisher", "image", "isBasedOn", "description", "inLanguage",
}
REQUIRED = {"@context", "@type", "headline", "datePublished", "dateModified", "author",
            "publisher", "mainEntityOfPage"}


def json_ld(doc: html.HtmlElement) -> dict[str, Any]:
    scripts = doc.xpath("//script[@type='application/ld+json']")
    assert len(scripts) == 1, "one JSON-LD block per page"
    data = json.loads(scripts[0].text)
    assert isinstance(data, dict)
    return data


def check_news_article(data: dict[str, Any], *, canonical: str) -> None:
    """Raise AssertionError unless ``data`` is a complete, well-typed NewsArticle."""
    assert set(data) >= REQUIRED, REQUIRED - set(data)
    assert set(data) <= NEWS_ARTICLE_PROPERTIES, set(data) - NEWS_ARTICLE_PROPERTIES
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert isinstance(data["headline"], str) and 0 < len(data["headline"]) <= 110
    published = _datetime(data["datePublished"])
    assert _datetime(data["dateModified"]) >= published
    page = data["mainEntityOfPage"]
    assert page == {"@type": "WebPage", "@id": canonical} and data.get("url") == canonical
    assert isinstance(data["author"], list) and data["author"]
    for author in data["author"]:
        assert author["@type"] in {"Person", "Organization"} and author["name"].strip()
        if "url" in author:
            _absolute(author["url"])
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"].strip()
    if "logo" in publisher:
        assert publisher["logo"]["@type"] == "ImageObject"
        _absolute(publisher["logo"]["url"])
    for image in data.get("image", []):
        assert urlsplit(image).netloc == urlsplit(canonical).netloc, "never another site's"
    if "isBasedOn" in data:
        _absolute(data["isBasedOn"])
    for text_property in ("description", "inLanguage"):
        assert isinstance(data.get(text_property, ""), str)


def xml_schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(TESTDATA / name)))


def check_sitemap(body: bytes) -> etree._Element:
    """Parse ``body`` and validate it against the sitemaps.org (and Google News) schema."""
    root = etree.fromstring(body)
    schema = xml_schema("sitemap.xsd")
    assert schema.validate(root), schema.error_log
    return root


def _datetime(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, f"{value} has no time zone"
    return moment


def _absolute(url: str) -> None:
    parts = urlsplit(url)
    assert parts.scheme in {"http", "https"} and parts.netloc, url
