"""Extract clean, credited articles from HTML pages.

``extract_article`` turns a page into a ``newsdesk.records.Article``: main text without
site chrome, metadata, and the outlet the page credits as the story's origin. It never
raises: a page it cannot read gives the feed item's words, marked ``page_read=False``.
``article_from_item`` builds one from a source item that carries its whole text.
"""

from .article import extract_article
from .chrome import learned_chrome_keys, line_key
from .credits import find_credit
from .item import (
    article_from_item,
    credit_override,
    fill_from_item,
    links_in,
    plain_text,
    unread_article,
)

__all__ = [
    "article_from_item",
    "credit_override",
    "extract_article",
    "fill_from_item",
    "find_credit",
    "learned_chrome_keys",
    "line_key",
    "links_in",
    "plain_text",
    "unread_article",
]
