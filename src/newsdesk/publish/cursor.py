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


def story_cursor(story: Story) -> str:
    return _encode(f"story:{story.updated_at.isoformat()}|{story.id}")


def read_story_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor:
        return None
    moment, _, story_id = _decode(cursor, "story").partition("|")
    try:
        return datetime.fromisoformat(moment), _number(story_id)
    except ValueError:
        raise CursorError("the page cursor is damaged; start again from the first page") from None


def offset_cursor(offset: int) -> str:
    return _encode(f"offset:{offset}")


def read_offset_cursor(cursor: str | None, *, limit: int = 10_000) -> int:
    if not cursor:
        return 0
    offset = _number(_decode(cursor, "offset"))
    if not 0 <= offset <= limit:
        raise CursorError(f"results are shown up to {limit}; narrow the search instead")
    return offset
