"""Feed URLs a home page declares, and the paths worth trying when it declares none."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from newsdesk.urls import normalize_url

from ._encoding import decode_document

__all__ = ["COMMON_FEED_PATHS", "discover_feeds"]

#: Paths where sites commonly serve a feed or news sitemap, for the caller to try in order.
COMMON_FEED_PATHS: tuple[str, ...] = (
    "/feed",
    "/feed/",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feeds/posts/default",
    "/feed.json",
    "/rss/index.xml",
    "/sitemap_news.xml",
    "/news-sitemap.xml",
    "/sitemap.xml",
)
_FEED_TYPES = frozenset(
    # Not plain application/json: WordPress declares its REST API that way.
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
)


def discover_feeds(body: bytes, url: str) -> list[str]:
    """Absolute URLs of the feeds an HTML page declares with ``<link rel="alternate">``.

    Order is the page's; duplicates and unusable URLs are dropped. ``<base href>`` is honoured.
    """
    tree = LexborHTMLParser(decode_document(body).text)
    base = _base_url(tree, url)
    found: list[str] = []
    for link in tree.css("link[href]"):
        rel = (link.attributes.get("rel") or "").lower().split()
        kind = (link.attributes.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in _FEED_TYPES:
            continue
        try:
            feed_url = normalize_url(link.attributes.get("href") or "", base)
        except ValueError:
            continue
        if feed_url not in found:
            found.append(feed_url)
    return found


def _base_url(tree: LexborHTMLParser, url: str) -> str:
    base = tree.css_first("base[href]")
    href = base.attributes.get("href") if base else None
    if not href:
        return url
    try:
        return normalize_url(href, url)
    except ValueError:
        return url
