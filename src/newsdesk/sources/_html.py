"""Sanitised HTML and plain text from untrusted markup (feed content, channel posts)."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import nh3

_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "longdesc"})
# nh3's defaults (no script, style, on* attributes or javascript: URLs), plus text direction,
# which Persian and Arabic content needs.
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES.setdefault("*", set()).update({"dir", "lang"})
_BLOCK_START = re.compile(r"<(?=(?:p|br|div|li|h[1-6]|tr|td|blockquote|figure)\b)", re.I)
_SPACES = re.compile(r"\s+")


def sanitize_html(markup: str, base_url: str | None = None) -> str:
    """Safe-to-render HTML: nh3's allow-list, with relative links made absolute."""

    def absolutize(tag: str, attribute: str, value: str) -> str | None:
        if attribute in _URL_ATTRIBUTES and base_url:
            return urljoin(base_url, value.strip())
        return value

    return nh3.clean(markup, attributes=_ATTRIBUTES, attribute_filter=absolutize).strip()


def html_to_text(markup: str) -> str:
    """Readable one-line text of an HTML fragment: no tags, no script/style bodies."""
    spaced = _BLOCK_START.sub(" <", markup)
    return collapse_spaces(html.unescape(nh3.clean(spaced, tags=set())))


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def text_or_none(markup: str | None) -> str | None:
    """``html_to_text`` that turns empty results into None."""
    if not markup:
        return None
    return html_to_text(markup) or None
