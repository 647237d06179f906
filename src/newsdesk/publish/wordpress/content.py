"""What one WordPress post says: a story's repaired text as clean HTML, its excerpt, title,
date, credit line and post meta. Pure: no network, no store.

The body is built from plain text (every character escaped), then passed through nh3 with a
short list of tags, so nothing an outlet wrote can reach the site as markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import nh3

from newsdesk.publish.i18n import direction, translations

BODY_TAGS = {"div", "p", "h2", "strong", "a"}
BODY_ATTRIBUTES = {"a": {"href"}, "p": {"class"}, "div": {"lang", "dir"}}
CREDIT_CLASS = "newsdesk-credit"
EXCERPT_CHARS = 600
_SENTENCE_END = tuple(".!?…\"”»)")


@dataclass(frozen=True)
class StoryPost:
    """A story as its WordPress post shows it, before categories, tags and the picture get
    their WordPress ids. ``story_key`` names the story for good (its id and first sighting),
    so its post can be found again."""

    story_key: str
    title: str
    summary: str
    text: str  # paragraphs separated by blank lines
    headings: tuple[str, ...] = ()
    credit: str | None = None  # the outlet that reported it first
    credit_desk: str | None = None
    link: str = ""  # the original article
    outlet: str | None = None  # who published ``link``
    published: datetime | None = None  # by the origin
    first_seen: datetime | None = None  # by us
    language: str | None = None
    folder: str | None = None  # of the original's source: the categories, "World/Europe"
    tags: tuple[str, ...] = ()

    def categories(self) -> tuple[str, ...]:
        """The folder as a path of nested categories, outermost first."""
        return tuple(p.strip() for p in (self.folder or "").split("/") if p.strip())


def post_fields(post: StoryPost, *, status: str | None = None, interface: str = "en"
                ) -> dict[str, Any]:
    """The fields of the post WordPress keeps: ``title``, ``content``, ``excerpt``,
    ``date_gmt``, ``meta`` and ``status`` unless None (categories, tags and the picture are
    added with their WordPress ids). ``interface``: the language of the credit line."""
    fields: dict[str, Any] = {
        "title": html.escape(post.title.strip(), quote=False),  # WordPress titles are HTML
        "content": body_html(post, interface),
        "excerpt": html.escape(excerpt(post.summary, post.text), quote=False),
        "meta": {"newsdesk_story": post.story_key, "newsdesk_credit": post.credit or "",
                 "newsdesk_source_url": post.link},
    }
    if status is not None:
        fields["status"] = status
    date = _gmt(post.published, post.first_seen)
    if date is not None:
        fields["date_gmt"] = date
    return fields


def body_html(post: StoryPost, interface: str = "en") -> str:
    """The story's text as paragraphs and subheadings, then the credit line; sanitised."""
    parts: list[str] = []
    headings = set(post.headings)
    for index, paragraph in enumerate(_paragraphs(post.text)):
        if index == 0 and paragraph == post.summary.strip() and len(paragraph) < 400:
            parts.append(f"<p><strong>{_e(paragraph)}</strong></p>")  # the standfirst
        elif paragraph in headings:
            parts.append(f"<h2>{_e(paragraph)}</h2>")
        else:
            parts.append(f"<p>{_e(paragraph)}</p>")
    body = "\n".join(parts)
    if direction(post.language) == "rtl":
        language = _e(post.language or "")
        body = f'<div lang="{language}" dir="rtl">\n{body}\n</div>'
    credit = credit_line(post, interface)
    return clean(f"{body}\n{credit}" if credit else body)


def credit_line(post: StoryPost, interface: str = "en") -> str:
    """``Originally reported by X (desk) · Read it at Y`` in the site's language: the
    credited origin, and a link to the article the text came from."""
    words = translations(interface).gettext
    pieces: list[str] = []
    if post.credit:
        desk = f" ({_e(post.credit_desk)})" if post.credit_desk else ""
        said = words("originally reported by %(outlet)s") % {
            "outlet": f"<strong>{_e(post.credit)}</strong>"}
        pieces.append(said[:1].upper() + said[1:] + desk)
    if post.link:
        read = words("Read it at %(outlet)s") % {"outlet": _e(post.outlet or _host(post.link))}
        pieces.append(f'<a href="{_e(post.link)}">{read}</a>')
    return f'<p class="{CREDIT_CLASS}">{" · ".join(pieces)}</p>' if pieces else ""


def excerpt(summary: str, text: str) -> str:
    """The standfirst, else the first paragraph that reads as prose, cut at a word."""
    chosen = summary.strip()
    if not chosen:
        paragraphs = _paragraphs(text)
        prose = (p for p in paragraphs if len(p) > 60 and p.endswith(_SENTENCE_END))
        chosen = next(prose, paragraphs[0] if paragraphs else "")
    if len(chosen) <= EXCERPT_CHARS:
        return chosen
    return chosen[:EXCERPT_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def clean(markup: str) -> str:
    """Only the tags and attributes a post body needs; links http(s) only."""
    return nh3.clean(markup, tags=BODY_TAGS, attributes=BODY_ATTRIBUTES,
                     url_schemes={"http", "https"}, link_rel="noopener")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _gmt(published: datetime | None, first_seen: datetime | None) -> str | None:
    """The post's date: the origin's publication time, but never after we first saw the
    story (a date in the future would make WordPress schedule the post, not publish it)."""
    moments = [_utc(m) for m in (published, first_seen) if m is not None]
    return min(moments).strftime("%Y-%m-%dT%H:%M:%S") if moments else None


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or url


def _e(text: str) -> str:
    return html.escape(text, quote=True)
