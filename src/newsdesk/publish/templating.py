"""The Jinja2 environments of the site: one per interface language (its gettext installed),
autoescaping on, and the filters templates use. A template override directory, when set,
is searched before the built-in templates."""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape
from markupsafe import Markup

from newsdesk.display_text import without_controls
from newsdesk.publish.i18n import content_attrs, translations


def static_file(name: str) -> bytes:
    return resources.files("newsdesk.publish").joinpath(f"static/{name}").read_bytes()


def stylesheet() -> bytes:
    return static_file("site.css")


STYLESHEET_VERSION = hashlib.sha256(stylesheet()).hexdigest()[:12]


def safe_href(url: str | None) -> str:
    """The URL if it is http(s), else "#": a stored URL must never become a javascript: link."""
    if url and urlsplit(url.strip()).scheme.lower() in {"http", "https"}:
        return url.strip()
    return "#"


def paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def isolated(value: object) -> Markup:
    """``value`` in a ``<bdi>``: a name in another script cannot reorder the words around it."""
    return Markup("<bdi>{}</bdi>").format(value)


def shown(value: object) -> object:
    """Every ``{{ value }}`` a template prints: text loses direction overrides and controls
    (also in rows stored before they were stripped at ingest)."""
    if isinstance(value, Markup):
        return Markup(without_controls(value))
    return without_controls(value) if isinstance(value, str) else value


def section_href(name: str) -> str:
    return "/sections/" + quote(name, safe="")


def tag_href(tag: str) -> str:
    return "/tags/" + quote(tag, safe="")


class Templates:
    """The site's templates, rendered in one of the interface languages."""

    def __init__(self, override: Path | None = None) -> None:
        loaders = [PackageLoader("newsdesk.publish", "templates")]
        if override is not None:
            if not override.is_dir():
                raise ValueError(f"NEWSDESK_TEMPLATES={override} is not a directory; point it"
                                 " at a folder of templates named like the built-in ones")
            loaders.insert(0, FileSystemLoader(str(override)))
        self._loader = ChoiceLoader(loaders)

    @functools.cache  # noqa: B019  # one environment per language, for the site's lifetime
    def environment(self, language: str) -> Environment:
        env = Environment(
            loader=self._loader,
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"],
            finalize=shown,
        )
        env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
        env.filters.update(content=content_attrs, href=safe_href, paragraphs=paragraphs,
                           bdi=isolated, section_href=section_href, tag_href=tag_href)
        env.globals["css_version"] = STYLESHEET_VERSION
        return env

    def render(self, language: str, name: str, **context: object) -> str:
        return self.environment(language).get_template(name).render(**context)
