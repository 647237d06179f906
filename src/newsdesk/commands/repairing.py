"""`newsdesk repair`: damaged text on stdin, repaired text on stdout, line by line.

A long line is repaired in paragraph-sized pieces cut at spaces (memory stays flat however
long it is); a line over ``NEWSDESK_MAX_REPAIR_LINE`` characters is passed through
unrepaired with one sentence on stderr, and the command then exits 1, so an enormous line
can neither hang the command nor vanish from its output.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Container, Iterator
from pathlib import Path

from newsdesk import repair
from newsdesk.commands._common import json_out, opened
from newsdesk.config import Config
from newsdesk.records import Edit

PIECE_CHARS = 10_000  # about a long paragraph


def repair_lines(config: Config, args: argparse.Namespace) -> int:
    vocabulary = None
    if Path(config.db).exists() or config.db.startswith("postgres"):
        with opened(config) as app:
            vocabulary = app.learned.vocabulary
    limit = config.limits.max_repair_line_chars
    status = 0
    for number, line in enumerate(sys.stdin, start=1):
        body, newline = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        if len(body) > limit:
            print(f"newsdesk: line {number} is {len(body):,} characters, over the limit of"
                  f" {limit:,}; passed through unrepaired (raise NEWSDESK_MAX_REPAIR_LINE to"
                  " repair it)", file=sys.stderr)
            fixed = repair.Repaired(body)
            status = 1
        else:
            fixed = repair_long_text(body, vocabulary, args.normalize_quotes)
        if args.json:
            json_out({"text": fixed.text, "damage_before": fixed.damage_before,
                      "damage_after": fixed.damage_after,
                      "edits": [{"offset": e.offset, "before": e.before, "after": e.after}
                                for e in fixed.edits]})
        else:
            sys.stdout.write(fixed.text + newline)
    return status


def repair_long_text(text: str, vocabulary: Container[str] | None,
                     normalize_quotes: bool) -> repair.Repaired:
    """``repair_text`` over paragraph-sized pieces; edits keep offsets into ``text``, damage
    is the length-weighted mean of the pieces'."""
    if len(text) <= PIECE_CHARS:
        return repair.repair_text(text, vocabulary=vocabulary, normalize_quotes=normalize_quotes)
    parts: list[str] = []
    edits: list[Edit] = []
    before = after = 0.0
    for start, piece in pieces(text, PIECE_CHARS):
        fixed = repair.repair_text(piece, vocabulary=vocabulary,
                                   normalize_quotes=normalize_quotes)
        parts.append(fixed.text)
        edits.extend(Edit(e.field, e.offset + start, e.before, e.after) for e in fixed.edits)
        before += fixed.damage_before * len(piece)
        after += fixed.damage_after * len(piece)
    return repair.Repaired("".join(parts), edits, before / len(text), after / len(text))


def pieces(text: str, size: int) -> Iterator[tuple[int, str]]:
    """``text`` as (offset, piece) pieces of about ``size`` characters, each cut just after
    a sentence end or a space in its second half when there is one (else at ``size``)."""
    start = 0
    while len(text) - start > size:
        window = text[start + size // 2: start + size]
        cut = max(window.rfind(". "), window.rfind("\n"))
        if cut < 0:
            cut = window.rfind(" ")
        end = start + size // 2 + cut + 1 if cut >= 0 else start + size
        if text[end - 1:end] == "." and text[end:end + 1] == " ":
            end += 1  # keep the space after a full stop with its sentence
        yield start, text[start:end]
        start = end
    yield start, text[start:]
