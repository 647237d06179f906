"""The one error every source parser raises."""

from __future__ import annotations

__all__ = ["SourceParseError"]


class SourceParseError(ValueError):
    """Nothing usable could be read from a source document.

    The message is one sentence for a person: what is wrong and what to do about it.
    """
