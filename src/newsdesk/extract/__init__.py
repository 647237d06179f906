"""Extract clean, credited articles from HTML pages.

``extract_article`` turns a page into a ``newsdesk.records.Article``: main text without
site chrome, metadata, and the outlet the page credits as the story's origin.
``article_from_item`` builds one from a source item that carries its whole text.
"""

from .article import extract_article
from .chrome import learned_chrome_keys, line_key
from .credits import find_credit
from .errors import ExtractError
from .item import article_from_item, credit_override, links_in, plain_text

__all__ = [
    "ExtractError",
    "article_from_item",
    "credit_override",
    "extract_article",
    "find_credit",
    "learned_chrome_keys",
    "line_key",
    "links_in",
    "plain_text",
]
