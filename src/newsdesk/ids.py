"""Row ids as people type them: checked to fit the database's 64-bit integers before any
query sees them, so an id like 99999999999999999999999 is "no such thing", not a crash."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the largest BIGINT / SQLite INTEGER


class IdError(LookupError):
    """An id that no row can have; the site and API answer it with 404."""


def checked_id(value: int, what: str) -> int:
    """``value`` if a ``what`` (source, story, article) could have it, else ``IdError``."""
    if not 1 <= value <= MAX_ID:
        raise IdError(f"there is no {what} {value}: {what} ids are whole numbers from 1 to"
                      f" {MAX_ID}")
    return value
