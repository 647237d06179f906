"""A story as a Telegram post: HTML parse mode (only <b>, <i>, <a href>), within the limits.

Telegram counts a message's length after entities are parsed, in UTF-16 code units; 4,096
for a message and 1,024 for a photo caption. Only the lede is trimmed (at a word, with "…");
the title is capped on its own so a post always keeps its credit and link.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
TITLE_LIMIT = 256
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Post:
    """What goes out for one story; ``image`` set means sendPhoto with ``text`` as caption."""

    text: str  # HTML
    image: str | None
    visible_length: int  # UTF-16 code units after parsing


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


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
    return html.escape(text, quote=False)  # &, <, > — all Telegram asks for in text


def compose(*, title: str, lede: str, credit: str | None, link: str, outlet: str | None,
            image: str | None = None) -> Post:
    """The post for a story: bold title, the lede, who reported it first, a link."""
    title = trim(title, TITLE_LIMIT)
    credit_line = f"Originally reported by {credit}" if credit else ""
    link_text = f"Read at {outlet}" if outlet else "Read the story"
    link_text = trim(link_text, 100)
    fixed = [title, credit_line, link_text]
    separators = 2 * 3  # "\n\n" between up to four blocks
    limit = CAPTION_LIMIT if image else MESSAGE_LIMIT
    lede = trim(lede, max(0, limit - sum(units(p) for p in fixed) - separators))
    blocks = [f"<b>{_escape(title)}</b>"]
    if lede:
        blocks.append(_escape(lede))
    if credit_line:
        blocks.append(f"<i>{_escape(credit_line)}</i>")
    blocks.append(f'<a href="{html.escape(link, quote=True)}">{_escape(link_text)}</a>')
    visible = "\n\n".join(p for p in (title, lede, credit_line, link_text) if p)
    return Post(text="\n\n".join(blocks), image=image, visible_length=units(visible))
