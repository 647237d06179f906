"""Articles that come whole from their source: channel posts, feeds that carry full text."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from newsdesk.records import Article, Credit, SourceItem

_BLOCKS = "p, div, li, h1, h2, h3, h4, blockquote, br"
TITLE_MAX = 160


def plain_text(html: str) -> str:
    """Sanitised item HTML as text: one paragraph per block, blank lines between."""
    if not html.strip():
        return ""
    tree = LexborHTMLParser(html)
    for node in tree.css(_BLOCKS):
        node.insert_after("\n\n")
    text = tree.body.text(separator="") if tree.body else tree.text(separator="")
    paragraphs = (" ".join(p.split()) for p in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def article_from_item(item: SourceItem) -> Article:
    """An article from what the source itself carries, when no page is fetched."""
    text = plain_text(item.content_html or item.summary or "")
    summary = plain_text(item.summary or "") if item.content_html else ""
    title = item.title or text.split("\n\n", 1)[0][:TITLE_MAX]
    return Article(
        url=item.url, title=title, summary=summary if summary != text else "", text=text,
        authors=list(item.authors), published=item.published, updated=item.updated,
        language=item.language, canonical_url=item.url, image=item.image, tags=list(item.tags),
        publisher=(urlsplit(item.url).hostname or "").removeprefix("www.") or None,
    )


def unread_article(url: str, item: SourceItem | None, problem: str,
                   warnings: list[str]) -> Article:
    """What is known of a page that could not be read: the feed item's title, summary and
    link, marked ``page_read=False``; with no item, only the URL."""
    warnings = [*warnings, problem]
    if item is None:
        return Article(url=url, page_read=False, warnings=warnings)
    try:
        article = replace(article_from_item(item), url=url)
    except Exception as exc:  # the item's own HTML is broken too: keep its title and link
        warnings.append(f"the item's text could not be read: {type(exc).__name__}")
        article = Article(url=url, title=item.title or "", canonical_url=item.url,
                          published=item.published)
    return replace(article, page_read=False, warnings=warnings)


def fill_from_item(article: Article, item: SourceItem) -> Article:
    """Use what the feed said where the page said nothing."""
    return replace(
        article,
        title=article.title or (item.title or ""),
        summary=article.summary or plain_text(item.summary or ""),
        published=article.published or item.published,
        image=article.image or item.image,
        authors=article.authors or list(item.authors),
        tags=article.tags or list(item.tags),
        language=article.language or item.language,
    )


def credit_override(name: str) -> Credit:
    """A source's fixed credit (setting ``original_source``), e.g. ``"Agency, Desk"``."""
    outlet, _, desk = name.partition(",")
    return Credit(outlet.strip(), desk.strip() or None)


def links_in(html: str) -> list[str]:
    """The http(s) links an item's HTML points to, in order, each once."""
    if not html.strip():
        return []
    found: dict[str, None] = {}
    for node in LexborHTMLParser(html).css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        if href.startswith(("http://", "https://")):
            found.setdefault(href, None)
    return list(found)
