"""Per-source settings: what a user may tune on one source, checked before it is stored.

Columns of the source row (name, folder, status) and entries of its ``settings`` JSON share
one vocabulary of keys, so `sources set ID KEY=VALUE` needs no knowledge of where each lives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from newsdesk.display_text import without_controls

MAX_NAME_CHARS = 200  # a source's name, an outlet's name in `original_source`
MAX_FOLDER_CHARS = 200  # the whole folder path
MAX_FOLDER_DEPTH = 8
MAX_SELECTOR_CHARS = 500


class SettingError(ValueError):
    """A setting's key or value is not acceptable; the message lists what is."""


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    help: str
    parse: Callable[[str], Any]
    column: bool = False  # a column of the source row, not an entry of its settings


def _line(value: str, limit: int) -> str:
    """One line of visible text: controls (bidi overrides, escapes) refused, not hidden."""
    if without_controls(value) != value or "\n" in value or "\t" in value:
        raise SettingError("must not contain control or direction-override characters")
    if len(value.strip()) > limit:
        raise SettingError(f"is {len(value.strip()):,} characters; at most {limit} are kept")
    return value.strip()


def name_value(value: str) -> str:
    """A source's name, as `sources add --name`, `sources set name=` and the API take it."""
    if not value.strip():
        raise SettingError("must not be empty")
    return _line(value, MAX_NAME_CHARS)


def folder_value(value: str | None) -> str | None:
    """A folder path such as ``News/Agencies``; every part a plain name (no ``..``)."""
    if value is None or not value.strip():
        return None
    path = _line(value, MAX_FOLDER_CHARS)
    parts = [part.strip() for part in path.split("/")]
    if any(part in ("", ".", "..") or "\\" in part for part in parts):
        raise SettingError(f"{value!r} is not a folder path: write names separated by '/',"
                           " e.g. News/Agencies (no empty parts, '.', '..' or '\\')")
    if len(parts) > MAX_FOLDER_DEPTH:
        raise SettingError(f"nests {len(parts)} folders deep; at most {MAX_FOLDER_DEPTH}")
    return "/".join(parts)


def _credit(value: str) -> str | None:
    return _line(value, MAX_NAME_CHARS) or None


def _seconds(value: str) -> float:
    try:
        seconds = float(value.rstrip("s"))
    except ValueError as exc:
        raise SettingError(f"{value!r} is not a number of seconds") from exc
    if not 10 <= seconds <= 7 * 86400:
        raise SettingError("must be between 10 seconds and 7 days")
    return seconds


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingError(f"{value!r} is not true or false")


def _language(value: str) -> str | None:
    code = value.strip().lower()
    if code and not (2 <= len(code.split("-")[0]) <= 3 and code.replace("-", "").isalpha()):
        raise SettingError(f"{value!r} is not a language code such as en, fa or ar")
    return code or None


def _selector(value: str) -> str | None:
    if not value.strip():
        return None
    _line(value, MAX_SELECTOR_CHARS)
    try:
        HTMLParser("<p></p>").css(value)
    except Exception as exc:  # selectolax raises a bare exception type for bad selectors
        raise SettingError(f"{value!r} is not a valid CSS selector") from exc
    return value.strip()


def _status(value: str) -> str:
    return "paused" if _flag(value) else "active"


SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("name", "the name shown for the source", name_value, column=True),
    Setting("folder", "folder (category), nested with '/', e.g. News/Agencies",
            folder_value, column=True),
    Setting("paused", "true to stop polling the source, false to resume", _status, column=True),
    Setting("min_interval", "shortest time between polls, in seconds", _seconds),
    Setting("max_interval", "longest time between polls, in seconds", _seconds),
    Setting("language", "language hint for its articles (en, fa, ar, ...)", _language),
    Setting("full_text", "true: fetch each article page; false: keep the feed's own text",
            _flag),
    Setting("body_selector", "CSS selector of the article body, for sites that need one",
            _selector),
    Setting("original_source", "credit every article to this outlet ('Agency, Desk')",
            _credit),
)}


def parse_assignment(text: str) -> tuple[Setting, Any]:
    """``KEY=VALUE`` as a known setting and its checked value."""
    key, sep, value = text.partition("=")
    key = key.strip().replace("-", "_")
    if not sep:
        raise SettingError(f"{text!r} is not KEY=VALUE")
    setting = SETTINGS.get(key)
    if setting is None:
        raise SettingError(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
    if not value.strip() and not setting.column:
        return setting, None  # ``KEY=`` drops the setting: back to the default
    try:
        return setting, setting.parse(value)
    except SettingError as exc:
        raise SettingError(f"{key}: {exc}") from exc


def source_changes(current: dict[str, Any], assignments: list[str]) -> dict[str, Any]:
    """The store fields to update for ``assignments``, merged into the current settings."""
    columns: dict[str, Any] = {}
    settings = dict(current)
    for text in assignments:
        setting, value = parse_assignment(text)
        if setting.key == "paused":
            columns["status"] = value
        elif setting.column:
            columns[setting.key] = value
        elif value is None:
            settings.pop(setting.key, None)
        else:
            settings[setting.key] = value
    low, high = settings.get("min_interval"), settings.get("max_interval")
    if low and high and low > high:
        raise SettingError("min_interval must not be longer than max_interval")
    return {**columns, "settings": settings}
