"""Section pages (HTML) → the article links they list.

Each link on the page gets a small score (``link_score``); links scoring at least
``ARTICLE_SCORE`` are kept, deduplicated by normalised URL, with the link text as title.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsdesk.records import ParsedSource, SourceItem, SourceKind
from newsdesk.urls import normalize_url, site_of

from ._encoding import decode_document
from ._html import collapse_spaces

__all__ = ["ARTICLE_SCORE", "link_score", "parse_page"]

#: A link needs this score to count as an article (one strong sign: slug, id or date).
ARTICLE_SCORE = 2
_NOT_ARTICLE_SEGMENTS = frozenset(
    [
        "tag",
        "tags",
        "topic",
        "topics",
        "category",
        "categories",
        "section",
        "sections",
        "author",
        "authors",
        "by",
        "writer",
        "writers",
        "profile",
        "user",
        "users",
        "login",
        "log-in",
        "signin",
        "sign-in",
        "signup",
        "sign-up",
        "register",
        "logout",
        "account",
        "subscribe",
        "subscription",
        "newsletter",
        "search",
        "page",
        "archive",
        "archives",
        "about",
        "contact",
        "privacy",
        "terms",
        "cookies",
        "help",
        "faq",
        "feed",
        "rss",
        "wp-admin",
        "wp-login",
        "cart",
        "shop",
        "jobs",
        "careers",
    ]
)
_ASSET_SUFFIX = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|ico|css|js|json|xml|rss|pdf|zip|gz|mp[34]|webm|woff2?)$",
    re.I,
)
_DATE_PATH = re.compile(
    r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-](?:0?[1-9]|[12]\d|3[01]))?(?:/|-|$)"
)
_DATE_ARCHIVE = re.compile(r"^/(?:19|20)\d\d(?:/\d{1,2}){0,2}/?$")
_SEARCH_QUERY = re.compile(r"(?:^|&)(?:s|q|query|search)=", re.I)
_NUMERIC_ID = re.compile(r"(?:^|[-_.])\d{4,}(?:[-_.]|$)|^\d{3,}$")
_SLUG = re.compile(r"^\w+(?:[-_]\w+){2,}(?:\.html?)?$")


def parse_page(body: bytes, url: str, charset: str | None = None) -> ParsedSource:
    """Article links of a section page, in page order."""
    decoded = decode_document(body, charset)
    tree = LexborHTMLParser(decoded.text)
    base = _base_url(tree, url)
    site = site_of(url)
    items: dict[str, SourceItem] = {}
    for anchor in tree.css("a[href]"):
        try:
            link = normalize_url(anchor.attributes.get("href") or "", base)
        except ValueError:
            continue
        title = collapse_spaces(anchor.text(separator=" ")) or None
        if not _same_site(link, site) or link_score(link, title) < ARTICLE_SCORE:
            continue
        known = items.get(link)
        if known is None or (known.title is None and title):
            items[link] = SourceItem(url=link, title=title)
    return ParsedSource(
        kind=SourceKind.PAGE,
        items=list(items.values()),
        title=_page_title(tree),
        site_url=normalize_url("/", url),
        language=_language(tree),
        warnings=decoded.warnings,
    )


def link_score(url: str, text: str | None = None) -> int:
    """How much ``url`` (with link text ``text``) looks like an article; negative = never.

    -10 for assets, the home page, date archives (/2024/05/) and paths with a non-article
    segment (tag, category, author, login, search, page ...); +2 for date segments
    (/2024/05/01/), +2 for a numeric id, +2 for a slug of three or more words; +1 for link
    text of four or more words. docs/sources.md has the full table.
    """
    parts = urlsplit(url)
    path = unquote(parts.path)
    segments = [s for s in path.lower().split("/") if s]
    if not segments or _ASSET_SUFFIX.search(path) or _DATE_ARCHIVE.match(path):
        return -10
    if any(s in _NOT_ARTICLE_SEGMENTS for s in segments) or _SEARCH_QUERY.search(parts.query):
        return -10
    score = 0
    if _DATE_PATH.search(path):
        score += 2
    if any(_NUMERIC_ID.search(s) for s in segments):
        score += 2
    if _SLUG.match(segments[-1]) or (len(segments) > 1 and _SLUG.match(segments[-2])):
        score += 2
    if text and len(text.split()) >= 4:
        score += 1
    return score


def _same_site(url: str, site: str) -> bool:
    if not url.startswith(("http://", "https://")):
        return False
    host = site_of(url)
    return host == site or host.endswith("." + site) or site.endswith("." + host)


def _base_url(tree: LexborHTMLParser, url: str) -> str:
    base = tree.css_first("base[href]")
    try:
        return normalize_url(base.attributes.get("href") or "", url) if base else url
    except ValueError:
        return url


def _page_title(tree: LexborHTMLParser) -> str | None:
    node: LexborNode | None = tree.css_first("title")
    return (collapse_spaces(node.text()) or None) if node else None


def _language(tree: LexborHTMLParser) -> str | None:
    root = tree.css_first("html")
    return (root.attributes.get("lang") or None) if root else None
