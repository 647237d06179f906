"""Who may read and who may change, decided from the ``Authorization`` header.

- Changing sources through the API needs the API token, sent as ``Authorization: Bearer
  <token>`` (the ``Bearer`` scheme is required; a bare token is refused).
- With a read token set, reading the JSON API and the feeds needs it too (or the API token):
  as ``Bearer`` or, for feed readers that only know passwords, as HTTP Basic with the token
  as the password (any user name). The HTML site is not covered: it shows the same stories
  and sources to anyone who can reach it (docs/security.md).
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Header, HTTPException


def bearer_token(authorization: str | None) -> bytes | None:
    """The token of an ``Authorization: Bearer <token>`` header; None for anything else."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip().encode()


def basic_password(authorization: str | None) -> bytes | None:
    """The password of an ``Authorization: Basic ...`` header; None for anything else."""
    scheme, _, encoded = (authorization or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        pair = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    _user, sep, password = pair.partition(b":")
    return password if sep and password else None


def matches(given: bytes | None, *tokens: str | None) -> bool:
    """True if ``given`` equals one of the set ``tokens`` (compared in constant time)."""
    found = False
    for token in tokens:
        if token and given is not None:
            found = hmac.compare_digest(given, token.encode()) or found
    return found


def token_check(token: str | None, *, what: str) -> Callable[..., None]:
    """A dependency refusing requests without ``Authorization: Bearer <token>``."""
    def check(authorization: Annotated[str | None, Header()] = None) -> None:
        if token is None:
            return
        if not matches(bearer_token(authorization), token):
            raise HTTPException(401, f"missing or wrong {what}: send 'Authorization: Bearer"
                                     " <token>'")
    return check


def reader_check(api_token: str | None, read_token: str | None, *,
                 basic: bool = False) -> Callable[..., None]:
    """A dependency for reading: open without a read token, else the read or API token
    (as Bearer, or with ``basic`` as an HTTP Basic password)."""
    def check(authorization: Annotated[str | None, Header()] = None) -> None:
        if not read_token:
            return
        given = [bearer_token(authorization)]
        if basic:
            given.append(basic_password(authorization))
        if any(matches(g, read_token, api_token) for g in given):
            return
        how = "'Authorization: Bearer <token>'"
        raise HTTPException(
            401, f"reading this needs the read token: send {how}"
            + (" or the token as the password of HTTP Basic authentication" if basic else ""),
            headers={"WWW-Authenticate": 'Basic realm="newsdesk feeds"'} if basic else None)
    return check
