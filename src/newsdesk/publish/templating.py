"""The Jinja2 environment of the site: autoescaping on, and the filters templates use."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from importlib import resources
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from newsdesk.display_text import without_controls

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ku", "ckb", "yi", "dv", "sd", "ug"})


def stylesheet() -> bytes:
    return resources.files("newsdesk.publish").joinpath("static/site.css").read_bytes()


STYLESHEET_VERSION = hashlib.sha256(stylesheet()).hexdigest()[:12]


def ago(value: datetime | None) -> str:
    """A short relative time: "5 min ago", "3 h ago", "2 d ago"."""
    if value is None:
        return ""
    seconds = max(0, int((datetime.now(UTC) - value).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def direction(language: str | None) -> str:
    return "rtl" if (language or "").split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def lang_attrs(language: str | None) -> Markup:
    """``lang`` and ``dir`` for an element holding text in ``language`` (dir=auto if unknown)."""
    if not language:
        return Markup('dir="auto"')
    return Markup('lang="{}" dir="{}"').format(language, direction(language))


def safe_href(url: str | None) -> str:
    """The URL if it is http(s), else "#": a stored URL must never become a javascript: link."""
    if url and urlsplit(url.strip()).scheme.lower() in {"http", "https"}:
        return url.strip()
    return "#"


def paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def day(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def shown(value: object) -> object:
    """Every ``{{ value }}`` a template prints: text loses direction overrides and controls
    (also in rows stored before they were stripped at ingest)."""
    if isinstance(value, Markup):
        return Markup(without_controls(value))
    return without_controls(value) if isinstance(value, str) else value


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newsdesk.publish", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True, finalize=shown,
    )
    env.filters.update(ago=ago, direction=direction, lang=lang_attrs, href=safe_href,
                       paragraphs=paragraphs, day=day)
    env.globals["css_version"] = STYLESHEET_VERSION
    env.globals["escape"] = escape
    return env
