"""Argument types and the parser's error: a bad argument is one sentence and exit status 2,
checked before anything opens the database (ids that cannot be ids, negative limits)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import NoReturn

from newsdesk.ids import MAX_ID


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line: ``newsdesk: ...; see newsdesk ... --help``."""

    def error(self, message: str) -> NoReturn:
        print(f"newsdesk: {message}; see {self.prog} --help", file=sys.stderr)
        sys.exit(2)


def row_id(what: str) -> Callable[[str], int]:
    """The id of a ``what`` (source, story, article): a whole number from 1 to 2^63 - 1."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if not 1 <= value <= MAX_ID:
            raise argparse.ArgumentTypeError(
                f"{text!r} cannot be the id of a {what} (a whole number from 1 to {MAX_ID})")
        return value

    parse.__name__ = f"{what} id"
    return parse


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a whole number from {low} to {high}")
        return value

    parse.__name__ = "number"
    return parse


port = whole_number(1, 65535)
