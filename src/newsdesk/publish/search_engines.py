"""What search engines and browsers ask a site for besides its pages: robots.txt, the
sitemap index with a part per month (stories and articles), a Google News sitemap of the last
48 hours, the favicon and the site's logo.

Sitemaps follow sitemaps.org 0.9 (at most 50,000 URLs per file) and Google's news extension
(``news:publication`` name and language, ``news:publication_date``, ``news:title``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import PlainTextResponse

from newsdesk.publish.conditional import conditional_response
from newsdesk.publish.feed_formats import text_element, xml_document
from newsdesk.publish.i18n import primary
from newsdesk.publish.site import Site, cached
from newsdesk.publish.templating import static_file

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
URLS_PER_FILE = 50_000
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1_000  # Google reads at most 1,000 URLs from a news sitemap
XML_TYPE = "application/xml; charset=utf-8"
_INDEX_TTL_S = 600.0
_PART = re.compile(r"^(stories|articles)-(\d{4})-(\d{2})(?:-p([2-9]|[1-9]\d+))?$")
LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".webp": "image/webp", ".svg": "image/svg+xml"}


def search_engine_router(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    months = cached(site.store.sitemap_months, _INDEX_TTL_S)

    @router.get("/robots.txt", response_class=PlainTextResponse)
    def robots(request: Request) -> str:
        base = site.base_url(request)
        return ("User-agent: *\nDisallow: /search\nDisallow: /api/\nDisallow: /feeds/search\n"
                f"Allow: /\n\nSitemap: {base}/sitemap.xml\nSitemap: {base}/sitemap-news.xml\n")

    @router.get("/sitemap.xml")
    def sitemap_index(request: Request) -> Response:
        base = site.base_url(request)
        root = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
        for month in months():
            for kind, count in (("stories", month.stories), ("articles", month.articles)):
                for part in range(1, -(-count // URLS_PER_FILE) + 1):
                    entry = ET.SubElement(root, "sitemap")
                    suffix = "" if part == 1 else f"-p{part}"
                    text_element(entry, "loc",
                                 f"{base}/sitemaps/{kind}-{month.month:%Y-%m}{suffix}.xml")
                    text_element(entry, "lastmod", _w3c(month.latest))
        return _xml_answer(request, root)

    @router.get("/sitemaps/{name}.xml")
    def sitemap_part(request: Request, name: str) -> Response:
        found = _PART.match(name)
        if found is None:
            raise HTTPException(404, "there is no such sitemap")
        kind, year, month = found[1], int(found[2]), int(found[3])
        if not 1 <= month <= 12:
            raise HTTPException(404, "there is no such sitemap")
        start = datetime(year, month, 1, tzinfo=UTC)
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
        offset = (int(found[4] or 1) - 1) * URLS_PER_FILE
        entries = site.store.sitemap_entries(kind, start, end, offset=offset,
                                             limit=URLS_PER_FILE)
        if not entries:
            raise HTTPException(404, "there is no such sitemap")
        # Up to 50,000 entries of our own URLs and times: written as text, which is many
        # times faster than building elements (nothing here needs escaping but the base).
        prefix = escape(f"{site.base_url(request)}/{kind}/")
        body = "".join(f"<url><loc>{prefix}{item_id}</loc><lastmod>{_w3c(modified)}"
                       "</lastmod></url>" for item_id, modified in entries)
        document = (f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP_NS}\">"
                    f"{body}</urlset>")
        return conditional_response(request, document.encode(), media_type=XML_TYPE,
                                    cache_control="public, max-age=3600")

    @router.get("/sitemap-news.xml")
    def news_sitemap(request: Request) -> Response:
        base = site.base_url(request)
        since = datetime.now(UTC) - NEWS_WINDOW
        root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:news": NEWS_NS})
        for entry in site.store.stories_since(since, limit=NEWS_LIMIT):
            url = ET.SubElement(root, "url")
            text_element(url, "loc", f"{base}/stories/{entry.story_id}")
            news = ET.SubElement(url, "news:news")
            publication = ET.SubElement(news, "news:publication")
            text_element(publication, "news:name", site.settings.name)
            text_element(publication, "news:language", news_language(entry.language,
                                                                     site.ui.code))
            text_element(news, "news:publication_date", _w3c(entry.news_time))
            text_element(news, "news:title", entry.title)
        return _xml_answer(request, root)

    @router.get("/favicon.ico")
    def favicon(request: Request) -> Response:
        return conditional_response(request, static_file("favicon.ico"),
                                    media_type="image/x-icon",
                                    cache_control="public, max-age=86400")

    @router.get("/favicon.svg")
    def favicon_svg(request: Request) -> Response:
        return conditional_response(request, static_file("favicon.svg"),
                                    media_type="image/svg+xml",
                                    cache_control="public, max-age=86400")

    @router.get("/site-logo")
    def logo(request: Request) -> Response:
        path = site.settings.logo
        kind = LOGO_TYPES.get(path.suffix.lower()) if path else None
        if path is None or kind is None or not path.is_file():
            raise HTTPException(404, "this site has no logo")
        return conditional_response(request, path.read_bytes(), media_type=kind,
                                    cache_control="public, max-age=86400")

    return router


def news_language(language: str | None, fallback: str) -> str:
    """The ISO 639 code Google News asks for (``zh-cn`` and ``zh-tw`` kept whole)."""
    whole = (language or "").strip().lower().replace("_", "-")
    if whole in {"zh-cn", "zh-tw"}:
        return whole
    return primary(language) or fallback


def _w3c(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _xml_answer(request: Request, root: ET.Element) -> Response:
    return conditional_response(request, xml_document(root), media_type=XML_TYPE,
                                cache_control="public, max-age=300")
