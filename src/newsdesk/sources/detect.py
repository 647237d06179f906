"""Which kind of source a document is, judged by its content first."""

from __future__ import annotations

from urllib.parse import urlsplit

from newsdesk.records import SourceKind

from ._sniff import head_of, is_html, is_json_feed, root_element

__all__ = ["detect_kind"]

_ROOTS = {
    "rss": SourceKind.FEED,
    "feed": SourceKind.FEED,
    "rdf": SourceKind.FEED,
    "urlset": SourceKind.SITEMAP,
    "sitemapindex": SourceKind.SITEMAP,
}
_TELEGRAM_MARK = b"tgme_widget_message"
_FEED_TYPES = ("rss+xml", "atom+xml", "rdf+xml", "feed+json")


def detect_kind(body: bytes, url: str, content_type: str = "") -> SourceKind | None:
    """Guess the source kind of a fetched document; None when nothing points anywhere.

    The content decides first: the XML root element (``rss``/``feed``/``RDF`` → FEED,
    ``urlset``/``sitemapindex`` → SITEMAP, also inside gzip), a JSON Feed ``version``, and
    HTML (Telegram preview markup → TELEGRAM, other HTML → PAGE). Then a ``t.me/s/`` URL
    (TELEGRAM), then the content type.
    """
    head = head_of(body)
    if is_json_feed(head):
        return SourceKind.FEED
    kind = _ROOTS.get(root_element(head) or "")
    if kind is not None:
        return kind
    if is_html(head):
        # Telegram's channel markup may start after a long <head>, so look at the whole body.
        return SourceKind.TELEGRAM if _TELEGRAM_MARK in body else SourceKind.PAGE
    return _kind_from_url(url) or _kind_from_content_type(content_type)


def _kind_from_url(url: str) -> SourceKind | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if host in {"t.me", "telegram.me"} and parts.path.startswith("/s/"):
        return SourceKind.TELEGRAM
    return None


def _kind_from_content_type(content_type: str) -> SourceKind | None:
    media_type = content_type.split(";")[0].strip().lower()
    if media_type.endswith(_FEED_TYPES):
        return SourceKind.FEED
    if media_type in {"text/html", "application/xhtml+xml"}:
        return SourceKind.PAGE
    return None
