"""Logging in and staying logged in: the login rate limit, session cookies, form tokens.

A session is a row in the store named by a random key. The browser holds the key in a signed,
HttpOnly, SameSite=Lax cookie (Secure over https); the store holds only its SHA-256, so
deleting the row (logout, a password change, removing the account) ends the session at once.
Every form carries the session's own token (a synchroniser token); the login form, before
any session exists, carries one tied to a short-lived signed cookie instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from newsdesk.desk.accounts import (
    SESSION_IDLE,
    SESSION_LIFETIME,
    AccountError,
    check_name,
    hash_password,
    needs_rehash,
    password_matches,
)
from newsdesk.store import Store, User

COOKIE = "newsdesk_desk"
LOGIN_COOKIE = "newsdesk_desk_login"
NOTE_COOKIE = "newsdesk_desk_note"
PATH = "/desk"
LOGIN_FORM_LIFETIME = timedelta(hours=1)
TOUCH_EVERY = timedelta(minutes=1)  # last use is written at most this often

# The login rate limit: failures counted per account (since its last success) and per
# address, over a window; kept in the store, so a restart does not reset it.
LOGIN_WINDOW = timedelta(minutes=15)
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20


class LoginRefused(Exception):
    """Wrong name or password, or too many failures; the message is fit to show."""


@dataclass(frozen=True, slots=True)
class Visitor:
    """A logged-in person: who, their form token, and their session's key hash."""

    user: User
    csrf_token: str
    key_hash: str

    @property
    def is_admin(self) -> bool:
        return self.user.role == "admin"


def client_address(request: Request) -> str:
    """The visitor's address (behind a proxy on 127.0.0.1, uvicorn already put the one from
    X-Forwarded-For here)."""
    return request.client.host if request.client else "unknown"


def log_in(store: Store, name: str, password: str, address: str) -> User:
    """The user whose name and password these are, or LoginRefused; every attempt counts."""
    try:
        account = check_name(name)
    except AccountError:
        account = name.strip().lower()[:64]
    moment = datetime.now(UTC)
    since = moment - LOGIN_WINDOW
    if (store.failed_logins(since=since, account=account) >= ACCOUNT_FAILURES
            or store.failed_logins(since=since, ip=address) >= ADDRESS_FAILURES):
        raise LoginRefused("Too many failed attempts. Wait 15 minutes, then try again.")
    user = store.get_user(account)
    ok = password_matches(user, password)
    store.record_login_attempt(account, address, ok, forget_before=moment - timedelta(days=1))
    if not ok or user is None:
        raise LoginRefused("Wrong name or password.")
    if needs_rehash(user):
        store.rehash_password(user.id, hash_password(password))
    return user


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def same_token(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())


class Sessions:
    """Session cookies over the store's session rows."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def _signer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.store.desk_secret("cookie-signing"), salt="desk")

    def start(self, request: Request, response: Response, user: User) -> None:
        """Open a new session for ``user`` in this browser (any old one there is ended)."""
        old = self._read(request, COOKIE, "s", SESSION_LIFETIME)
        if old is not None:
            self.store.end_session(_key_hash(old))
        key = secrets.token_urlsafe(32)
        self.store.create_session(_key_hash(key), user.id, secrets.token_urlsafe(32))
        self.store.end_stale_sessions(datetime.now(UTC) - SESSION_IDLE,
                                      datetime.now(UTC) - SESSION_LIFETIME)
        self._set(request, response, COOKIE, self._signer.dumps(["s", key]), SESSION_LIFETIME)

    def visitor(self, request: Request) -> Visitor | None:
        """Who is logged in with this request's cookie, if anyone."""
        key = self._read(request, COOKIE, "s", SESSION_LIFETIME)
        if key is None:
            return None
        key_hash = _key_hash(key)
        found = self.store.get_session(key_hash)
        if found is None:
            return None
        moment = datetime.now(UTC)
        if (moment - found.last_seen_at > SESSION_IDLE
                or moment - found.created_at > SESSION_LIFETIME):
            self.store.end_session(key_hash)
            return None
        if moment - found.last_seen_at > TOUCH_EVERY:
            self.store.touch_session(key_hash)
        return Visitor(found.user, found.csrf_token, key_hash)

    def end(self, request: Request, response: Response) -> None:
        """Log this browser out: its session row goes, so the cookie is worthless anywhere."""
        key = self._read(request, COOKIE, "s", SESSION_LIFETIME)
        if key is not None:
            self.store.end_session(_key_hash(key))
        response.delete_cookie(COOKIE, path=PATH)

    # --- the login form's token (before any session) --------------------------------------
    def login_token(self, request: Request) -> str:
        """The token for the login form: this browser's, or a new one (keep it on the
        answer with `keep_login_token`)."""
        return (self._read(request, LOGIN_COOKIE, "l", LOGIN_FORM_LIFETIME)
                or secrets.token_urlsafe(24))

    def keep_login_token(self, request: Request, response: Response, token: str) -> None:
        self._set(request, response, LOGIN_COOKIE, self._signer.dumps(["l", token]),
                  LOGIN_FORM_LIFETIME)

    def login_token_matches(self, request: Request, given: str | None) -> bool:
        expected = self._read(request, LOGIN_COOKIE, "l", LOGIN_FORM_LIFETIME)
        return expected is not None and same_token(given, expected)

    # --- one-line notes shown on the next page (after a redirect) --------------------------
    def leave_note(self, request: Request, response: Response, text: str) -> None:
        self._set(request, response, NOTE_COOKIE, self._signer.dumps(["n", text[:600]]),
                  timedelta(minutes=5))

    def note(self, request: Request) -> str | None:
        return self._read(request, NOTE_COOKIE, "n", timedelta(minutes=5))

    def clear_note(self, request: Request, response: Response) -> None:
        if NOTE_COOKIE in request.cookies:
            response.delete_cookie(NOTE_COOKIE, path=PATH)

    # --- cookies --------------------------------------------------------------------------
    def _set(self, request: Request, response: Response, name: str, value: str,
             lifetime: timedelta) -> None:
        response.set_cookie(name, value, max_age=int(lifetime.total_seconds()), path=PATH,
                            httponly=True, samesite="lax",
                            secure=request.url.scheme == "https")

    def _read(self, request: Request, name: str, kind: str, lifetime: timedelta) -> str | None:
        """The value of our cookie ``name`` if its signature, kind and age are right."""
        raw = request.cookies.get(name)
        if not raw:
            return None
        try:
            found = self._signer.loads(raw, max_age=int(lifetime.total_seconds()))
        except BadSignature:
            return None
        if not (isinstance(found, list) and len(found) == 2 and found[0] == kind
                and isinstance(found[1], str)):
            return None
        return found[1]
