"""What every route does with a path id or a page cursor: a row or a 404, a key or a 400."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import HTTPException

from newsdesk.ids import checked_id
from newsdesk.publish import cursor
from newsdesk.store import StoreError

T = TypeVar("T")


def found(getter: Callable[[int], T], key: int, what: str) -> T:
    """``getter(key)``, or a 404 when no ``what`` has that id (also one no row can have)."""
    checked_id(key, what)  # out of range: IdError, answered 404 by the server
    try:
        return getter(key)
    except StoreError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


def from_cursor(reader: Callable[[str | None], T], value: str | None) -> T:
    """A page cursor read by ``reader``, or a 400 when it is damaged or foreign."""
    try:
        return reader(value)
    except cursor.CursorError as exc:
        raise HTTPException(400, str(exc)) from exc
