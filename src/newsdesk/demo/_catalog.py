"""The bundled stories: one JSON file per story under ``network/stories/``.

A story file says which outlets carry the story and holds each outlet's text. The Lantern's
copies of agency stories are derived here (damaged text, optional new title), so the data files
hold each text only once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from newsdesk.demo._damage import damage_paragraphs
from newsdesk.demo._errors import DemoError

_RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
_AGENCY_NAME = "Meridian Press Agency"


@dataclass(frozen=True, slots=True)
class ArticleText:
    """One outlet's version of a story. Body entries starting with ``## `` are subheadings."""

    title: str
    standfirst: str
    author: str
    body: tuple[str, ...]
    dateline: str | None = None
    tags: tuple[str, ...] = ()
    language: str = "en"

    @property
    def direction(self) -> str:
        return "rtl" if self.language in _RTL_LANGUAGES else "ltr"

    @property
    def blocks(self) -> list[tuple[str, str]]:
        """``(tag, text)`` pairs, ``tag`` being ``"h2"`` or ``"p"``, in reading order."""
        return [("h2", b[3:]) if b.startswith("## ") else ("p", b) for b in self.body]


@dataclass(frozen=True, slots=True)
class TelegramPost:
    """A channel post that summarises a story and links to one outlet's article."""

    text: str
    link_to: str  # "meridian" or "lantern"
    link_text: str | None = None  # None: the URL itself is shown
    photo: bool = False
    hashtags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DemoStory:
    """One event and every outlet's version of it; ``None`` where an outlet does not carry it."""

    slug: str
    section: str
    image_label: str
    meridian: ArticleText | None
    lantern: ArticleText | None
    lantern_credit: str | None  # "Meridian Press Agency" on republished copies
    telegram: TelegramPost | None
    harbor: ArticleText | None

    @property
    def original_outlet(self) -> str:
        """The outlet that published the story first."""
        if self.meridian is not None:
            return "meridian"
        return "lantern" if self.lantern is not None else "harbor"


def load_stories(folder: Path | None = None) -> list[DemoStory]:
    """Read every ``*.json`` story in ``folder`` (default: the bundled ones), in file-name order.

    Raises ``DemoError`` naming the file when one is malformed.
    """
    root = folder or Path(str(resources.files("newsdesk.demo.network").joinpath("stories")))
    stories = [_load_file(path) for path in sorted(root.glob("*.json"))]
    if not stories:
        raise DemoError(f"No story files found in {root}.")
    slugs = [s.slug for s in stories]
    if len(set(slugs)) != len(slugs):
        raise DemoError(f"Story slugs in {root} are not unique.")
    return stories


def _load_file(path: Path) -> DemoStory:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _story_from(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DemoError(f"Story file {path.name} is malformed: {exc!r}.") from exc


def _story_from(data: dict[str, Any]) -> DemoStory:
    slug = str(data["slug"])
    meridian = _article(data["meridian"]) if "meridian" in data else None
    lantern, credit = _lantern_version(data.get("lantern"), meridian, slug)
    story = DemoStory(
        slug=slug,
        section=str(data["section"]),
        image_label=str(data["image"]),
        meridian=meridian,
        lantern=lantern,
        lantern_credit=credit,
        telegram=_telegram(data["telegram"]) if "telegram" in data else None,
        harbor=_article(data["harbor"]) if "harbor" in data else None,
    )
    if story.meridian is None and story.lantern is None and story.harbor is None:
        raise ValueError("no outlet carries the story")
    if story.telegram and getattr(story, story.telegram.link_to) is None:
        raise ValueError(f"telegram post links to {story.telegram.link_to}, which lacks it")
    return story


def _article(data: dict[str, Any]) -> ArticleText:
    return ArticleText(
        title=str(data["title"]),
        standfirst=str(data["standfirst"]),
        author=str(data["author"]),
        body=tuple(str(p) for p in data["body"]),
        dateline=data.get("dateline"),
        tags=tuple(data.get("tags", ())),
        language=str(data.get("language", "en")),
    )


def _lantern_version(
    data: dict[str, Any] | None, meridian: ArticleText | None, slug: str
) -> tuple[ArticleText | None, str | None]:
    if data is None:
        return None, None
    if not data.get("republish"):
        return _article(data), None
    if meridian is None:
        raise ValueError("lantern republishes a story the agency does not carry")
    copy = replace(
        meridian,
        title=data.get("title", meridian.title),
        body=damage_paragraphs(meridian.body, seed=slug),
        author=data.get("author", "Lantern Staff"),
    )
    return copy, _AGENCY_NAME


def _telegram(data: dict[str, Any]) -> TelegramPost:
    return TelegramPost(
        text=str(data["text"]),
        link_to=str(data.get("link_to", "meridian")),
        link_text=data.get("link_text"),
        photo=bool(data.get("photo", False)),
        hashtags=tuple(data.get("hashtags", ())),
    )
