"""Public Telegram channel preview pages (``https://t.me/s/NAME``) → one item per post.

Reads Telegram's own markup: ``div.tgme_widget_message[data-post="NAME/ID"]`` per post, its
text in ``div.tgme_widget_message_text``, date in ``a.tgme_widget_message_date > time``, photo
in the ``background-image`` of ``a.tgme_widget_message_photo_wrap``.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import nh3
from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsdesk.records import ParsedSource, SourceItem, SourceKind

from ._dates import parse_datetime
from ._encoding import decode_document
from ._html import collapse_spaces, sanitize_html
from .errors import SourceParseError

__all__ = ["TITLE_CHARS", "parse_telegram"]

#: Longest title taken from a post's first line; longer lines are cut at a word and get "…".
TITLE_CHARS = 120
_POST_ID = re.compile(r"^([\w-]+)/(\d+)$")
_BACKGROUND_URL = re.compile(r"background-image\s*:\s*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.I)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)


def parse_telegram(body: bytes, url: str, charset: str | None = None) -> ParsedSource:
    """Posts of a channel preview page, oldest first as the page lists them."""
    tree = LexborHTMLParser(decode_document(body, charset).text)
    posts = tree.css("div.tgme_widget_message[data-post]")
    if not posts and tree.css_first(".tgme_channel_info, .tgme_page") is None:
        raise SourceParseError(
            "this page has no Telegram channel posts; use the public preview form "
            "https://t.me/s/NAME of a public channel, or add the page with --kind page"
        )
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    items: dict[str, SourceItem] = {}
    warnings: list[str] = []
    for post in posts:
        item = _post_item(post, origin)
        if item is None:
            post_id = post.attributes.get("data-post")
            warnings.append(f"skipped a post with a malformed id: {post_id!r}")
        elif item.guid not in items:
            items[item.guid or ""] = item
    ids = [int(guid.rsplit("/", 1)[1]) for guid in items]
    return ParsedSource(
        kind=SourceKind.TELEGRAM,
        items=list(items.values()),
        title=_channel_title(tree),
        site_url=url,
        next_page=_page_before(url, min(ids)) if ids else None,
        warnings=warnings,
    )


def _post_item(post: LexborNode, origin: str) -> SourceItem | None:
    match = _POST_ID.match(post.attributes.get("data-post") or "")
    if match is None:
        return None
    guid = f"{match.group(1)}/{match.group(2)}"
    post_url = f"{origin}/{guid}"
    text_node = _post_text(post)
    time_node = post.css_first("a.tgme_widget_message_date time[datetime]")
    return SourceItem(
        url=post_url,
        guid=guid,
        title=_first_line(text_node.html or "") if text_node else None,
        content_html=(sanitize_html(text_node.html or "", post_url) or None) if text_node else None,
        published=parse_datetime(time_node.attributes.get("datetime")) if time_node else None,
        image=_image(post),
    )


def _post_text(post: LexborNode) -> LexborNode | None:
    # A reply quotes the earlier post's text in the same class; skip that copy.
    for node in post.css("div.tgme_widget_message_text"):
        parent = node.parent
        while parent is not None and parent is not post:
            if "tgme_widget_message_reply" in (parent.attributes.get("class") or ""):
                break
            parent = parent.parent
        else:
            return node
    return None


def _first_line(markup: str) -> str | None:
    text = html.unescape(nh3.clean(_LINE_BREAK.sub("\n", markup), tags=set()))
    line = next((collapse_spaces(x) for x in text.splitlines() if x.strip()), "")
    if len(line) <= TITLE_CHARS:
        return line or None
    cut = line[: TITLE_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-") + "…"


def _image(post: LexborNode) -> str | None:
    selectors = "a.tgme_widget_message_photo_wrap, i.link_preview_image, .link_preview_right_image"
    for node in post.css(selectors):
        match = _BACKGROUND_URL.search(node.attributes.get("style") or "")
        if match and match.group(1).startswith(("http://", "https://")):
            return match.group(1)
    return None


def _channel_title(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first(".tgme_channel_info_header_title")
    if node is not None and node.text().strip():
        return collapse_spaces(node.text())
    meta = tree.css_first('meta[property="og:title"]')
    return (meta.attributes.get("content") or None) if meta else None


def _page_before(url: str, post_id: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in {"before", "after"}]
    query.append(("before", str(post_id)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
