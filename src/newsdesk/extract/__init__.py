"""Extract clean, credited articles from HTML pages.

``extract_article`` turns a page into a ``newsdesk.records.Article``: main text without
site chrome, metadata, and the outlet the page credits as the story's origin.
"""

from .article import extract_article
from .chrome import learned_chrome_keys, line_key
from .credits import find_credit
from .errors import ExtractError

__all__ = ["ExtractError", "extract_article", "find_credit", "learned_chrome_keys", "line_key"]
