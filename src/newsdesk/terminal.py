"""Terminal output: progress that shows on a terminal and stays quiet when piped, and tables."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, TextIO


class Progress:
    """``[3/10] what happened`` on one rewritten stderr line, only when stderr is a terminal."""

    def __init__(self, total: int, label: str, *, quiet: bool = False,
                 stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._on = not quiet and self._stream.isatty() and total > 0
        self._total = total
        self._label = label
        self._done = 0

    def step(self, message: str = "") -> None:
        self.at(self._done + 1, message)

    def at(self, done: int, message: str = "") -> None:
        """Show ``done`` of the total, for work that reports in batches."""
        self._done = done
        if self._on:
            line = f"{self._label} [{self._done}/{self._total}] {message}"
            self._stream.write("\r\x1b[2K" + line[:200])
            self._stream.flush()

    def done(self) -> None:
        if self._on:
            self._stream.write("\r\x1b[2K")
            self._stream.flush()


def print_table(header: Sequence[str], rows: Sequence[Sequence[Any]], *,
                stream: TextIO | None = None, max_width: int = 60) -> None:
    """Left-aligned columns; long cells are cut so every row stays on one line."""
    out = stream or sys.stdout
    cells = [[_cut(str(c), max_width) for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n")


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
