"""The text as it was before repair, rebuilt from the repaired text and its edits."""

from __future__ import annotations

from collections.abc import Iterable

from newsdesk.records import Edit


def original_text(repaired: str, edits: Iterable[Edit], field: str) -> str:
    """Undo ``field``'s edits. Offsets are in the original text, so walk them in order and
    track how far each earlier edit moved the rest."""
    pieces, cursor, shift = [], 0, 0
    for edit in sorted((e for e in edits if e.field == field), key=lambda e: e.offset):
        start = edit.offset + shift
        if repaired[start : start + len(edit.after)] != edit.after:
            return repaired  # edits do not match this text (e.g. re-extracted): show as stored
        pieces.append(repaired[cursor:start])
        pieces.append(edit.before)
        cursor = start + len(edit.after)
        shift += len(edit.after) - len(edit.before)
    pieces.append(repaired[cursor:])
    return "".join(pieces)
