"""Page metadata from JSON-LD, Open Graph and plain meta tags, read from one parsed tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import htmldate
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .blocks import inside
from .jsonld import LinkedData, read_linked_data

_STANDFIRST_CLASS = re.compile(
    r"(?:^|[\s_-])(?:standfirst|subtitle|sub-title|subheadline|sub-headline|dek|lede|lead|"
    r"excerpt|summary|intro|abstract|strapline|kicker-summary)(?:$|[\s_])",
    re.IGNORECASE,
)
_STANDFIRST_TAGS = "p, div, h2, span, header > p"
_STANDFIRST_CHARS = (20, 600)
_CHROME_PARENTS = frozenset({"nav", "aside", "footer", "form"})
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:-]\s+|\s+·\s+")
_PUBLISHED = ("article:published_time", "datepublished", "og:article:published_time",
              "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.created",
              "pubdate", "publishdate", "publish-date", "article.published", "date")
_DATE_SEARCH_CHARS = 1_000_000  # the date is near the top; spare htmldate a 5 MB page
_AUTHOR_KEYS = ("author", "article:author", "parsely-author", "sailthru.author", "byl",
                "dc.creator", "dcterms.creator", "citation_author")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_BYLINE_PREFIX = re.compile(r"^(?:by|words by|نویسنده|بقلم|por)\s*[:：]?\s+", re.IGNORECASE)


@dataclass(slots=True)
class PageMeta:
    """What the page says about itself, before the body is read."""

    title: str = ""
    description: str = ""
    standfirst: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    declared_languages: list[str | None] = field(default_factory=list)
    canonical_url: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    publisher: str | None = None
    own_names: list[str] = field(default_factory=list)  # the site's names, for self-credits
    article_body: str = ""  # JSON-LD articleBody, the last resort for text


def read_metadata(tree: LexborHTMLParser, url: str, html: str = "") -> PageMeta:
    """Collect metadata; earlier sources win: JSON-LD, then Open Graph, then meta, then markup.
    With no date in any of them, htmldate looks for one in the URL and the page (``html``)."""
    metas = _meta_values(tree)
    linked = read_linked_data(tree)
    host = _host(url)
    publisher = _first(metas.get("og:site_name"), linked.publisher, host)
    title = _first(linked.headline, metas.get("og:title"), metas.get("twitter:title"),
                   _node_text(tree.css_first("h1")), _node_text(tree.css_first("title")))
    own_names = _dedupe([n for n in (metas.get("og:site_name"), linked.publisher,
                                     metas.get("application-name"), host,
                                     host.split(".")[0] if host else None) if n])
    return PageMeta(
        title=_strip_site_suffix(title or "", publisher),
        description=_first(metas.get("og:description"), metas.get("description"),
                           metas.get("twitter:description"), linked.description) or "",
        standfirst=_standfirst(tree),
        authors=_authors(tree, metas, linked),
        published=_first_date(linked.published, *(metas.get(name) for name in _PUBLISHED),
                              _time_attr(tree)) or _found_date(html, url),
        updated=_first_date(linked.modified, metas.get("article:modified_time"),
                            metas.get("og:updated_time"), metas.get("datemodified")),
        declared_languages=[_attr(tree.css_first("html"), "lang"),
                            metas.get("content-language"), metas.get("language"),
                            metas.get("og:locale"), linked.language],
        canonical_url=_absolute(url, _first(_attr(tree.css_first('link[rel="canonical"]'), "href"),
                                            metas.get("og:url"), linked.url)),
        image=_absolute(url, _first(metas.get("og:image"), metas.get("twitter:image"),
                                    linked.image)),
        tags=_dedupe([*metas.get_all("article:tag"), *_split_keywords(metas.get("keywords")),
                      *linked.keywords]),
        publisher=publisher,
        own_names=own_names,
        article_body=linked.article_body,
    )


class _Metas(dict[str, list[str]]):
    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        values = super().get(key)
        return values[0] if values else default

    def get_all(self, key: str) -> list[str]:
        return super().get(key, [])


def _meta_values(tree: LexborHTMLParser) -> _Metas:
    metas = _Metas()
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("http-equiv") \
            or attrs.get("itemprop")
        value = attrs.get("content")
        if key and value and value.strip():
            metas.setdefault(key.strip().lower(), []).append(" ".join(value.split()))
    return metas


def _standfirst(tree: LexborHTMLParser) -> str:
    for node in tree.css(_STANDFIRST_TAGS):
        classes = node.attributes.get("class") or ""
        if not classes or not _STANDFIRST_CLASS.search(classes) or inside(node, _CHROME_PARENTS):
            continue
        text = _node_text(node) or ""
        if _STANDFIRST_CHARS[0] <= len(text) <= _STANDFIRST_CHARS[1]:
            return text
    return ""


def _authors(tree: LexborHTMLParser, metas: _Metas, linked: LinkedData) -> list[str]:
    """Names (not addresses or photo credits) from the first source that has any."""
    named = [value for key in _AUTHOR_KEYS for value in metas.get_all(key)]
    for found in (linked.authors, named):
        people = [_BYLINE_PREFIX.sub("", a) for a in found if not a.startswith("http")
                  and not _EMAIL.search(a) and "(" not in a]
        if people:
            return _dedupe(people)
    node = tree.css_first('[rel="author"], [itemprop="author"], .byline, .author')
    text = _BYLINE_PREFIX.sub("", _node_text(node) or "")
    return [text] if 0 < len(text.split()) <= 6 else []


def _time_attr(tree: LexborHTMLParser) -> str | None:
    return _attr(tree.css_first("time[datetime]"), "datetime")


def parse_date(value: str | None) -> datetime | None:
    """An ISO 8601 date or time; naive values are taken as UTC, zones are kept."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _found_date(html: str, url: str) -> datetime | None:
    """The publication day htmldate finds in the URL or the page text; midnight UTC."""
    if not html:
        return None
    try:
        found = htmldate.find_date(html[:_DATE_SEARCH_CHARS], extensive_search=False,
                                   original_date=True, url=url)
    except Exception:  # a last resort must not cost the rest of the metadata
        return None
    return parse_date(found) if found else None


def _first_date(*values: str | None) -> datetime | None:
    for value in values:
        parsed = parse_date(value)
        if parsed:
            return parsed
    return None


def _strip_site_suffix(title: str, publisher: str | None) -> str:
    """"Cabinet approves budget | Daily Gazette" -> "Cabinet approves budget"."""
    parts = _TITLE_SEPARATORS.split(title)
    if publisher and len(parts) > 1:
        site = publisher.casefold()
        if parts[-1].casefold().strip() == site or site in parts[-1].casefold():
            return " - ".join(parts[:-1]).strip() if len(parts) > 2 else parts[0].strip()
        if parts[0].casefold().strip() == site:
            return title.split(parts[0], 1)[1].lstrip(" |–—:-·").strip()
    return title.strip()


def _node_text(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    return " ".join(node.text(separator="").split()) or None


def _attr(node: LexborNode | None, name: str) -> str | None:
    if node is None:
        return None
    value = node.attributes.get(name)
    return value.strip() if value and value.strip() else None


def _first(*values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            return " ".join(value.split())
    return None


def _split_keywords(value: str | None) -> list[str]:
    return [part.strip() for part in re.split(r"[,،;]", value or "") if part.strip()]


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def _host(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _absolute(base: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        return urljoin(base, value)
    except ValueError:  # "http://[": a broken link is no link, not a lost page
        return None


