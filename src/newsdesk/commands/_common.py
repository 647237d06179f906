"""What every command shares: its error, the opened app, JSON output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from newsdesk.app import App
from newsdesk.config import Config
from newsdesk.fetch import FetchError
from newsdesk.store import StoreError


class CommandError(Exception):
    """A command failed for a reason the user can act on; printed as one sentence."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@contextmanager
def opened(config: Config) -> Iterator[App]:
    try:
        app = App.open(config)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    try:
        yield app
    except (StoreError, FetchError) as exc:
        raise CommandError(str(exc)) from exc
    finally:
        app.close()


def json_out(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False))
