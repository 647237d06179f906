"""The desk's accounts: users, their sessions, login attempts and the desk's signing secret.

The store keeps what it is given: password hashes (never passwords) and session key hashes
(never the keys the cookies carry), so a copy of the database opens no session.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsdesk.store import rows
from newsdesk.store.base import StoreBase, StoreError, now

_USER_COLUMNS = "u.id, u.name, u.role, u.password_hash, u.created_at, u.password_changed_at"


@dataclass(frozen=True, slots=True)
class User:
    """An account of the desk: ``role`` is ``admin`` or ``editor``."""

    id: int
    name: str
    role: str
    password_hash: str
    created_at: datetime
    password_changed_at: datetime


@dataclass(frozen=True, slots=True)
class DeskSession:
    """A logged-in browser: whose it is, its form token, and when it was last used."""

    user: User
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime


def _user(row: Sequence[Any]) -> User:
    return User(id=int(row[0]), name=row[1], role=row[2], password_hash=row[3],
                created_at=rows.utc(row[4]) or now(),
                password_changed_at=rows.utc(row[5]) or now())


class AccountQueries(StoreBase):
    # --- users ----------------------------------------------------------------------------
    def add_user(self, name: str, role: str, password_hash: str) -> User:
        moment = now()
        with self.transaction() as tx:
            if tx.row("SELECT 1 FROM users WHERE name = ?", (name,)):
                raise StoreError(f"there is already a user {name}; see `newsdesk users list`")
            tx.run("INSERT INTO users (name, role, password_hash, created_at, password_changed_at)"
                   " VALUES (?, ?, ?, ?, ?)", (name, role, password_hash, moment, moment))
        found = self.get_user(name)
        assert found is not None
        return found

    def get_user(self, name: str) -> User | None:
        with self.reading() as tx:
            row = tx.row(f"SELECT {_USER_COLUMNS} FROM users u WHERE u.name = ?", (name,))
        return None if row is None else _user(row)

    def list_users(self) -> list[User]:
        with self.reading() as tx:
            found = tx.rows(f"SELECT {_USER_COLUMNS} FROM users u ORDER BY u.name")
        return [_user(r) for r in found]

    def user_count(self) -> int:
        with self.reading() as tx:
            row = tx.row("SELECT count(*) FROM users")
        return int(row[0]) if row else 0

    def remove_user(self, name: str) -> None:
        """Delete an account; its sessions go with it."""
        with self.transaction() as tx:
            if tx.row("SELECT 1 FROM users WHERE name = ?", (name,)) is None:
                raise StoreError(f"there is no user {name}; see `newsdesk users list`")
            tx.run("DELETE FROM desk_sessions WHERE user_id IN"
                   " (SELECT id FROM users WHERE name = ?)", (name,))
            tx.run("DELETE FROM users WHERE name = ?", (name,))

    def set_user_password(self, name: str, password_hash: str) -> None:
        """Replace a password hash and end every session of the account."""
        with self.transaction() as tx:
            row = tx.row("SELECT id FROM users WHERE name = ?", (name,))
            if row is None:
                raise StoreError(f"there is no user {name}; see `newsdesk users list`")
            tx.run("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                   (password_hash, now(), row[0]))
            tx.run("DELETE FROM desk_sessions WHERE user_id = ?", (row[0],))

    def rehash_password(self, user_id: int, password_hash: str) -> None:
        """Store a stronger hash of the same password (sessions stay)."""
        with self.transaction() as tx:
            tx.run("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))

    def set_user_role(self, name: str, role: str) -> None:
        with self.transaction() as tx:
            if tx.row("SELECT 1 FROM users WHERE name = ?", (name,)) is None:
                raise StoreError(f"there is no user {name}")
            tx.run("UPDATE users SET role = ? WHERE name = ?", (role, name))

    # --- sessions -------------------------------------------------------------------------
    def create_session(self, key_hash: str, user_id: int, csrf_token: str) -> None:
        moment = now()
        with self.transaction() as tx:
            tx.run("INSERT INTO desk_sessions (key_hash, user_id, csrf_token, created_at,"
                   " last_seen_at) VALUES (?, ?, ?, ?, ?)",
                   (key_hash, user_id, csrf_token, moment, moment))

    def get_session(self, key_hash: str) -> DeskSession | None:
        with self.reading() as tx:
            row = tx.row(
                f"SELECT {_USER_COLUMNS}, d.csrf_token, d.created_at, d.last_seen_at"
                " FROM desk_sessions d JOIN users u ON u.id = d.user_id WHERE d.key_hash = ?",
                (key_hash,))
        if row is None:
            return None
        return DeskSession(user=_user(row[:6]), csrf_token=row[6],
                           created_at=rows.utc(row[7]) or now(),
                           last_seen_at=rows.utc(row[8]) or now())

    def touch_session(self, key_hash: str) -> None:
        with self.transaction() as tx:
            tx.run("UPDATE desk_sessions SET last_seen_at = ? WHERE key_hash = ?",
                   (now(), key_hash))

    def end_session(self, key_hash: str) -> None:
        with self.transaction() as tx:
            tx.run("DELETE FROM desk_sessions WHERE key_hash = ?", (key_hash,))

    def end_user_sessions(self, user_id: int) -> None:
        with self.transaction() as tx:
            tx.run("DELETE FROM desk_sessions WHERE user_id = ?", (user_id,))

    def end_stale_sessions(self, idle_since: datetime, started_since: datetime) -> None:
        """Drop sessions unused since ``idle_since`` or begun before ``started_since``."""
        with self.transaction() as tx:
            tx.run("DELETE FROM desk_sessions WHERE last_seen_at < ? OR created_at < ?",
                   (idle_since, started_since))

    # --- login attempts -------------------------------------------------------------------
    def record_login_attempt(self, account: str, ip: str, ok: bool, *,
                             forget_before: datetime) -> None:
        """Remember one attempt; attempts older than ``forget_before`` are dropped."""
        with self.transaction() as tx:
            tx.run("INSERT INTO login_attempts (at, account, ip, ok) VALUES (?, ?, ?, ?)",
                   (now(), account, ip, ok))
            tx.run("DELETE FROM login_attempts WHERE at < ?", (forget_before,))

    def failed_logins(self, *, since: datetime, account: str | None = None,
                      ip: str | None = None) -> int:
        """Failed attempts since ``since`` for an account (after its last success) or an IP."""
        column, value = ("account", account) if account is not None else ("ip", ip)
        with self.reading() as tx:
            last_ok = tx.row(f"SELECT max(at) FROM login_attempts WHERE {column} = ? AND ok = ?",
                             (value, True))
            start = max(since, rows.utc(last_ok[0]) or since) if last_ok else since
            row = tx.row(f"SELECT count(*) FROM login_attempts WHERE {column} = ? AND ok = ?"
                         " AND at >= ?", (value, False, start))
        return int(row[0]) if row else 0

    # --- the signing secret ---------------------------------------------------------------
    def desk_secret(self, name: str) -> str:
        """A random secret kept in the database, made on first use (shared by every server
        process of this database)."""
        with self.transaction() as tx:
            tx.run("INSERT INTO desk_secrets (name, value) VALUES (?, ?)"
                   " ON CONFLICT (name) DO NOTHING", (name, secrets.token_urlsafe(48)))
            row = tx.row("SELECT value FROM desk_secrets WHERE name = ?", (name,))
        assert row is not None
        return str(row[0])
