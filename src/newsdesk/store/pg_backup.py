"""PostgreSQL's side of `newsdesk.store.backup`: ``pg_dump --format=custom`` of the store's
schema (the tools' version must be at least the server's), restored with ``pg_restore``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from newsdesk.store.base import StoreError
from newsdesk.store.postgres import redact_url as _safe

_TIMEOUT_S = 3600


def pg_dump(url: str, target: Path) -> None:
    """Dump the store's schema at ``url`` to ``target`` (custom format), then check that
    ``pg_restore`` can read it and finds the articles in it."""
    schema = _schema_of(url)
    partial = target.with_name(target.name + ".partial")
    try:
        _run_pg("pg_dump", url, ["--format=custom", "--no-owner", "--no-privileges",
                                 f"--schema={schema}", f"--file={partial}"])
        if f"TABLE DATA {schema} articles " not in _listing(partial):
            raise StoreError(f"the dump of {_safe(url)} holds no articles table; is the URL's"
                             " schema the newsdesk store?")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def pg_restore(backup: Path, url: str, *, replace: bool) -> None:
    """Restore a `pg_dump` archive into the store's schema at ``url``. ``replace``: drop the
    objects the archive holds first (the caller has checked the user asked for it)."""
    listing = _listing(backup)
    found = re.search(r"^\d+; \d+ \d+ SCHEMA - (\S+) ", listing, re.MULTILINE)
    if found is None:
        raise StoreError(f"{backup} holds no schema; was it made by `newsdesk backup`?")
    dumped, target = found.group(1), _schema_of(url)
    if dumped != target:
        raise StoreError(
            f"{backup} holds the schema {dumped!r} but {_safe(url)} selects {target!r}; restore"
            f" into a URL ending in ?options=-csearch_path%3D{dumped}")
    # The schema itself is created here, not by the archive: `public` usually exists already.
    entries = [line for line in listing.splitlines()
               if not re.search(r" (SCHEMA|COMMENT) - (SCHEMA )?\S+ ", line)]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{target}"')
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as chosen:
        chosen.write("\n".join(entries) + "\n")
    try:
        options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                   f"--use-list={chosen.name}", *(["--clean", "--if-exists"] if replace else []),
                   str(backup)]
        _run_pg("pg_restore", url, options)
    finally:
        os.unlink(chosen.name)


def _schema_of(url: str) -> str:
    """The schema the URL's connections use: the first of its search path."""
    try:
        with psycopg.connect(url, connect_timeout=10) as conn:
            row = conn.execute("SELECT coalesce(current_schema(), trim(both '\" ' from"
                               " split_part(current_setting('search_path'), ',', 1)))"
                               ).fetchone()
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to PostgreSQL at {_safe(url)}: {exc}") from exc
    return str(row[0]) if row and row[0] else "public"


def _listing(archive: Path) -> str:
    return _run(["pg_restore", "--list", str(archive)], os.environ.copy(), what="pg_restore")


def _run_pg(tool: str, url: str, options: list[str]) -> str:
    """Run ``tool`` against ``url``, its password passed in the environment, never on the
    command line (where other users could read it)."""
    params = conninfo_to_dict(url)
    env = os.environ.copy()
    if params.get("password"):
        env["PGPASSWORD"] = str(params.pop("password"))
    conninfo = make_conninfo(**{k: str(v) for k, v in params.items()})
    return _run([tool, "--dbname", conninfo, *options], env, what=tool)


def _run(command: list[str], env: dict[str, str], *, what: str) -> str:
    if shutil.which(command[0]) is None:
        raise StoreError(f"{what} was not found; install the PostgreSQL client tools (the"
                         " same major version as the server or newer), e.g. apt install"
                         " postgresql-client")
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise StoreError(f"{what} did not finish within {_TIMEOUT_S} s") from exc
    if done.returncode != 0:
        detail = " ".join(done.stderr.strip().splitlines()[-3:]) or f"exit {done.returncode}"
        raise StoreError(f"{what} failed: {detail}")
    return done.stdout


def pg_existing_content(url: str) -> tuple[int, int]:
    """(sources, articles) the PostgreSQL schema at ``url`` already holds; (0, 0) when it has
    no newsdesk tables."""
    try:
        with psycopg.connect(url, connect_timeout=10) as conn:
            row = conn.execute("SELECT to_regclass('articles') IS NOT NULL").fetchone()
            if not row or not row[0]:
                return 0, 0
            counted = conn.execute("SELECT (SELECT count(*) FROM sources),"
                                   " (SELECT count(*) FROM articles)").fetchone()
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to PostgreSQL at {_safe(url)}: {exc}") from exc
    return (int(counted[0]), int(counted[1])) if counted else (0, 0)


def has_tables(url: str) -> bool:
    """Whether the PostgreSQL schema at ``url`` already has newsdesk's tables."""
    with psycopg.connect(url, connect_timeout=10) as conn:
        row = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    return bool(row and row[0])
