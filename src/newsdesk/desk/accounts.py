"""Desk accounts: names, roles, password rules and hashing (argon2id), and the account
changes both the `newsdesk users` commands and the desk's Users page make, each audited."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from newsdesk.store import Store, User

ROLES = ("admin", "editor")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # argon2 takes any length; this only bounds the work one request asks
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile

SESSION_IDLE = timedelta(hours=12)  # a desk left alone this long needs logging in again
SESSION_LIFETIME = timedelta(days=7)


class AccountError(ValueError):
    """A name, role or password that cannot be used; the message says why."""


def check_name(name: str) -> str:
    """The account name in its kept form (lower case), or AccountError."""
    cleaned = name.strip().lower()
    if not _NAME.match(cleaned):
        raise AccountError(f"{name!r} is not a usable name: use 1 to 64 letters, digits, '.',"
                           " '_' or '-', starting with a letter or digit")
    return cleaned


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"{role!r} is not a role; use admin or editor")
    return role


def check_password(password: str, name: str = "") -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password is too long: use at most {MAX_PASSWORD} characters")
    if name and password.strip().lower() == name.lower():
        raise AccountError("the password must not be the account name")
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(user: User | None, password: str) -> bool:
    """Whether ``password`` is ``user``'s. With no such user, a hash is still checked, so
    an unknown name takes as long to refuse as a wrong password."""
    try:
        return _hasher.verify(user.password_hash if user else _dummy_hash(), password) and (
            user is not None)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(user: User) -> bool:
    return _hasher.check_needs_rehash(user.password_hash)


def add_user(store: Store, name: str, role: str, password: str, *, actor: str) -> User:
    name = check_name(name)
    user = store.add_user(name, check_role(role), hash_password(check_password(password, name)))
    store.record_audit(actor, "user.add", f"user {name}", f"role {role}")
    return user


def set_password(store: Store, name: str, password: str, *, actor: str) -> None:
    """Replace a password; every session of the account ends."""
    name = check_name(name)
    store.set_user_password(name, hash_password(check_password(password, name)))
    store.record_audit(actor, "user.password", f"user {name}",
                       "own password" if actor == name else "set by another")


def remove_user(store: Store, name: str, *, actor: str) -> None:
    name = check_name(name)
    _keep_an_admin(store, name)
    store.remove_user(name)
    store.record_audit(actor, "user.remove", f"user {name}")


def set_role(store: Store, name: str, role: str, *, actor: str) -> None:
    name = check_name(name)
    if check_role(role) != "admin":
        _keep_an_admin(store, name)
    store.set_user_role(name, role)
    store.record_audit(actor, "user.role", f"user {name}", f"role {role}")


def _keep_an_admin(store: Store, name: str) -> None:
    """Refuse to remove or demote the last admin: nobody could manage the desk after."""
    admins = [u.name for u in store.list_users() if u.role == "admin"]
    if admins == [name]:
        raise AccountError(f"{name} is the only admin; make another admin first")


@cache
def _dummy_hash() -> str:
    """A hash no password matches, made on first need: hashing takes argon2's 64 MiB, which
    every process importing this module (a stage worker too) would hold at start-up."""
    return _hasher.hash("newsdesk: a password nobody has")
