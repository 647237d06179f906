"""A story as a Telegram post, from a template: HTML parse mode, within Telegram's limits.

The template is the operator's (``NEWSDESK_TELEGRAM_TEMPLATE``): HTML with the tags Telegram
allows and the placeholders {title} {summary} {credit} {link} {link_text} {hashtags} (inside
an attribute, between double quotes: href="{link}"). Blank lines separate blocks; a block
whose placeholders are all empty is left out (no credit known: no credit line). Values are
escaped. Telegram counts a message's length after entities are parsed, in UTF-16 code units:
4,096 for a message, 1,024 for a photo caption. Only the summary is trimmed (at a word, with
"…"); the title is capped on its own, so a post always keeps its credit and link.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
TITLE_LIMIT = 256
LINK_TEXT_LIMIT = 100
ELLIPSIS = "…"
FIELDS = ("title", "summary", "credit", "link", "link_text", "hashtags")
DEFAULT_TEMPLATE = (
    "<b>{title}</b>\n\n{summary}\n\n<i>Originally reported by {credit}</i>\n\n"
    '<a href="{link}">{link_text}</a>\n\n{hashtags}'
)
_TAGS = frozenset({"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code",
                   "pre", "blockquote", "tg-spoiler", "span"})
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
_TAG = re.compile(r"</?([a-zA-Z][\w-]*)[^>]*>")
_BLOCKS = re.compile(r"\n\s*\n")


class TemplateError(ValueError):
    """A post template Telegram would refuse, or one naming unknown fields."""


@dataclass(frozen=True)
class PostTemplate:
    """A parsed, checked template; ``render`` fills it within a length limit."""

    blocks: tuple[str, ...]

    @classmethod
    def parse(cls, text: str | None) -> PostTemplate:
        """Check ``text`` (None: the default) and split it into blocks."""
        text = DEFAULT_TEMPLATE if text is None else text.replace("\\n", "\n")
        unknown = sorted({n for n in _PLACEHOLDER.findall(text) if n not in FIELDS})
        if unknown:
            raise TemplateError(f"the post template names unknown fields {unknown}; use"
                                f" {', '.join('{' + f + '}' for f in FIELDS)}")
        refused = sorted({t.lower() for t in _TAG.findall(text)} - _TAGS)
        if refused:
            raise TemplateError(f"Telegram does not allow the tags {refused} in a post; use"
                                " b, i, u, s, a, code, pre, blockquote or tg-spoiler")
        blocks = tuple(b.strip() for b in _BLOCKS.split(text.strip()) if b.strip())
        if not blocks:
            raise TemplateError("the post template is empty")
        return cls(blocks)

    def render(self, values: dict[str, str], limit: int) -> str:
        """The post: ``values`` escaped and filled in, the summary trimmed to fit ``limit``."""
        values = {**values, "title": trim(values.get("title", ""), TITLE_LIMIT),
                  "link_text": trim(values.get("link_text", ""), LINK_TEXT_LIMIT)}
        post = self._fill(values)
        summary = values.get("summary", "")
        for _ in range(8):  # each pass cuts the summary by what is still over
            over = visible_length(post) - limit
            if over <= 0 or not summary:
                break
            summary = trim(summary, max(0, units(summary) - over))
            post = self._fill({**values, "summary": summary})
        return post

    def _fill(self, values: dict[str, str]) -> str:
        kept = []
        for block in self.blocks:
            names = _PLACEHOLDER.findall(block)
            if names and not any(values.get(n) for n in names):
                continue
            kept.append(_PLACEHOLDER.sub(lambda m: _escape(values.get(m.group(1), "")), block))
        return "\n\n".join(kept)


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def visible_length(post: str) -> int:
    """The length of ``post`` once Telegram has parsed its HTML."""
    return units(html.unescape(_TAG.sub("", post)))


def trim(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` units at a word boundary, "…" added when cut."""
    text = " ".join(text.split())
    if units(text) <= limit:
        return text
    if limit <= units(ELLIPSIS):
        return ""
    cut = text
    while units(cut) > limit - units(ELLIPSIS):
        cut = cut[: len(cut) - max(1, (units(cut) - limit) // 2)]
    if text[len(cut)] != " " and " " in cut:  # the cut is inside a word: drop that word
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-–—") + ELLIPSIS


def _escape(text: str) -> str:
    # &, <, > and " (for values inside href="..."); Telegram knows &quot; but an apostrophe
    # is left as it is, so it reads as one in every client
    return html.escape(text, quote=False).replace('"', "&quot;")
