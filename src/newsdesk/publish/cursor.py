"""Opaque page cursors: the key of the last row shown, so the next page starts after it."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from newsdesk.ids import MAX_ID
from newsdesk.store import Story


class CursorError(ValueError):
    """A page cursor that this server did not make (or that was damaged)."""


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str, kind: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise CursorError("the page cursor is damaged; start again from the first page") from None
    prefix, _, rest = text.partition(":")
    if prefix != kind or not rest:
        raise CursorError("the page cursor belongs to another list; start from the first page")
    return rest


def _number(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_ID:  # never a value the database cannot compare with
        raise CursorError("the page cursor is damaged; start again from the first page")
    return number


def id_cursor(last_id: int) -> str:
    return _encode(f"id:{last_id}")


def read_id_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    return _number(_decode(cursor, "id"))


def time_cursor(key: tuple[datetime, int], kind: str = "time") -> str:
    """A (news time, id) key: where a timeline page ended."""
    return _encode(f"{kind}:{key[0].isoformat()}|{key[1]}")


def read_time_cursor(cursor: str | None, kind: str = "time") -> tuple[datetime, int] | None:
    if not cursor:
        return None
    moment, _, row_id = _decode(cursor, kind).partition("|")
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        raise CursorError("the page cursor is damaged; start again from the first page") from None
    if parsed.tzinfo is None:
        raise CursorError("the page cursor is damaged; start again from the first page")
    return parsed, _number(row_id)


def story_cursor(story: Story) -> str:
    return time_cursor((story.news_time or story.first_seen, story.id), "story")


def read_story_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    return read_time_cursor(cursor, "story")


def offset_cursor(offset: int) -> str:
    return _encode(f"offset:{offset}")


def read_offset_cursor(cursor: str | None, *, limit: int = 10_000) -> int:
    if not cursor:
        return 0
    offset = _number(_decode(cursor, "offset"))
    if not 0 <= offset <= limit:
        raise CursorError(f"results are shown up to {limit}; narrow the search instead")
    return offset
