"""What every command shares: its error, the opened app, JSON output."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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
    problem = database_problem(config)
    if problem:
        raise CommandError(problem)
    try:
        with _quiet_connection_retries():
            app = App.open(config)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    try:
        yield app
    except (StoreError, FetchError) as exc:
        raise CommandError(str(exc)) from exc
    finally:
        app.close()


def database_problem(config: Config) -> str | None:
    """Why ``config.db`` cannot be a SQLite database file, before SQLite is asked: a device,
    a directory, or a file in a directory that does not exist (only the default data
    directory is created; a mistyped --db must not leave new directories behind)."""
    if config.db.startswith(("postgresql://", "postgres://")):
        return None
    path = Path(config.db.removeprefix("sqlite:///"))
    if path.exists():
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            return f"{path} is a directory; give the path of a database file (--db DIR/newsdesk.db)"
        if not stat.S_ISREG(mode):
            return f"{path} is not a regular file, so it cannot hold a database; give another --db"
        return None
    if path.parent.is_dir() or path == config.data_dir / "newsdesk.db":
        return None
    return (f"the directory {path.parent} does not exist; create it first, or give a --db"
            " path in an existing directory")


@contextmanager
def _quiet_connection_retries() -> Iterator[None]:
    """The connection pool logs each failed attempt; the command says it once, in a sentence."""
    pool_log = logging.getLogger("psycopg.pool")
    level = pool_log.level
    if not pool_log.isEnabledFor(logging.INFO):
        pool_log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        pool_log.setLevel(level)


def json_out(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False))
