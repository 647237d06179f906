"""`newsdesk users ...`: the desk's accounts, from the terminal (the first admin starts here).

Passwords are never arguments (they would stay in the shell history and the process list):
they are asked for twice on a terminal, or read as one line from standard input when piped.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from newsdesk.commands._common import CommandError, json_out, opened
from newsdesk.config import Config
from newsdesk.desk import accounts
from newsdesk.terminal import print_table


def _actor() -> str:
    try:
        return f"terminal:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in some containers
        return "terminal"


def read_password(name: str) -> str:
    """A new password for ``name``: typed twice on a terminal, else one line of stdin."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise CommandError("no password on standard input: pipe it as one line", 2)
        return _checked(line, name)
    first = getpass.getpass(f"Password for {name}: ")
    _checked(first, name)
    if getpass.getpass("The same password again: ") != first:
        raise CommandError("the two passwords differ; nothing changed", 2)
    return first


def _checked(password: str, name: str) -> str:
    try:
        return accounts.check_password(password, name)
    except accounts.AccountError as exc:
        raise CommandError(str(exc), 2) from exc


def users_add(config: Config, args: argparse.Namespace) -> int:
    try:
        name = accounts.check_name(args.name)
    except accounts.AccountError as exc:
        raise CommandError(str(exc), 2) from exc
    with opened(config) as app:
        if app.store.get_user(name) is not None:
            raise CommandError(f"there is already a user {name}; see `newsdesk users list`")
        password = read_password(name)
        user = accounts.add_user(app.store, name, args.role, password, actor=_actor())
    print(f"Added {user.name} ({user.role}). Log in at /desk on the newsdesk server.")
    return 0


def users_list(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        found = app.store.list_users()
    if args.json:
        json_out([{"name": u.name, "role": u.role, "created_at": u.created_at.isoformat(),
                   "password_changed_at": u.password_changed_at.isoformat()} for u in found])
        return 0
    if not found:
        print("No users yet. Add the first admin with: newsdesk users add NAME --role admin")
        return 0
    print_table(["NAME", "ROLE", "CREATED", "PASSWORD SET"],
                [[u.name, u.role, u.created_at.strftime("%Y-%m-%d %H:%M"),
                  u.password_changed_at.strftime("%Y-%m-%d %H:%M")] for u in found])
    return 0


def users_remove(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        _account_change(accounts.remove_user, app.store, args.name, actor=_actor())
    print(f"Removed {args.name}; their sessions are over.")
    return 0


def users_passwd(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        if app.store.get_user(args.name.strip().lower()) is None:
            raise CommandError(f"there is no user {args.name}; see `newsdesk users list`")
        password = read_password(args.name)
        _account_change(accounts.set_password, app.store, args.name, password, actor=_actor())
    print(f"New password set for {args.name}; their sessions are logged out.")
    return 0


def users_role(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        _account_change(accounts.set_role, app.store, args.name, args.role, actor=_actor())
    print(f"{args.name} is now {args.role}.")
    return 0


def _account_change(change: Callable[..., None], *args: object, **kw: object) -> None:
    try:
        change(*args, **kw)
    except accounts.AccountError as exc:
        raise CommandError(str(exc), 2) from exc
