"""Edits against the original text, composed across repair steps, and applying them.

Each step yields spans ``(start, end, replacement)`` against its own input; ``compose``
re-expresses a later step's spans against the first input, merging spans that touch.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsdesk.records import Edit

Span = tuple[int, int, str]


def apply_spans(text: str, spans: Iterable[Span]) -> str:
    """``text`` with sorted, non-overlapping spans replaced."""
    parts: list[str] = []
    position = 0
    for start, end, replacement in spans:
        parts.append(text[position:start])
        parts.append(replacement)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def apply_edits(original: str, edits: Iterable[Edit]) -> str:
    """Apply ``Repaired.edits`` (offsets in ``original``, in order) to get the repaired text."""
    return apply_spans(original, ((e.offset, e.offset + len(e.before), e.after) for e in edits))


def _to_first(position: int, first: list[Span], side: str) -> tuple[int, int]:
    """Map a position in the middle text to (position in first text, position in middle)."""
    shift = 0
    for start, end, replacement in first:
        mid_start = start + shift
        mid_end = mid_start + len(replacement)
        if position < mid_start or (position == mid_start and side == "left" and start == end):
            break
        if position <= mid_end and (position < mid_end or side == "right"):
            return (start, mid_start) if side == "left" else (end, mid_end)
        shift += len(replacement) - (end - start)
    return position - shift, position


def compose(first: list[Span], second: list[Span], middle: str) -> list[Span]:
    """Spans against the first text equivalent to applying ``first`` then ``second``."""
    if not second:
        return first
    if not first:
        return second
    # Each region: [first_start, first_end, mid_start, mid_end, spans of `second` inside].
    regions: list[list] = []
    for span in second:
        first_start, mid_start = _to_first(span[0], first, "left")
        first_end, mid_end = _to_first(span[1], first, "right")
        regions.append([first_start, first_end, mid_start, mid_end, [span]])
    shift = 0
    for start, end, replacement in first:
        regions.append([start, end, start + shift, start + shift + len(replacement), []])
        shift += len(replacement) - (end - start)
    regions.sort(key=lambda region: (region[0], region[2], region[1], region[3]))
    merged: list[list] = []
    for region in regions:
        if merged and (region[0] < merged[-1][1] or region[2] < merged[-1][3]):
            last = merged[-1]
            last[1], last[3] = max(last[1], region[1]), max(last[3], region[3])
            last[4].extend(region[4])
        else:
            merged.append(region)
    result: list[Span] = []
    for first_start, first_end, mid_start, mid_end, spans in merged:
        inner = sorted((s - mid_start, e - mid_start, r) for s, e, r in spans)
        result.append((first_start, first_end, apply_spans(middle[mid_start:mid_end], inner)))
    return result


def to_edits(original: str, spans: list[Span], field: str) -> list[Edit]:
    """Spans against ``original`` as ``Edit`` records for ``field``."""
    return [Edit(field, start, original[start:end], after) for start, end, after in spans]
