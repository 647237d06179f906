"""Talking to one WordPress site's REST API with an application password.

Every request goes to ``SITE/?rest_route=/wp/v2/...``, which works whatever the site's
permalink setting (``/wp-json/`` needs "pretty" permalinks). What can safely be repeated is
retried with growing waits when WordPress or the network fails (5xx, timeouts, a dropped
connection); what must not happen twice (making a post) is only retried when it surely did
not arrive (connection refused, 429, 503), and otherwise reported as maybe delivered, for the
caller to check. A 4xx is a clear error that says what to fix; it is never retried.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import random
import re
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from newsdesk.publish.wordpress.errors import WordPressError, refusal

log = logging.getLogger(__name__)

_ID = re.compile(r"/\d+(?=/|$)")
_NOT_PROCESSED = {429, 503}  # WordPress (or its proxy) turned the request away unread
_MAX_WAIT_S = 120.0  # a longer Retry-After is a failure, retried on the poster's schedule


@dataclass(frozen=True)
class Backoff:
    """``tries`` attempts per request in all, waiting ``first_s``, then twice as long each
    time (at most ``max_s``), with jitter so several posters do not retry in step."""

    tries: int = 4
    first_s: float = 1.0
    max_s: float = 30.0

    def wait(self, attempt: int, retry_after: float | None = None) -> float:
        base = min(self.max_s, self.first_s * 2 ** (attempt - 1))
        waited = base * random.uniform(0.75, 1.0)
        return max(waited, retry_after) if retry_after is not None else waited


class WordPressClient:
    """One site: ``url`` is its address (https://example.org, or with the folder it lives
    in), ``user`` and ``app_password`` an application password of a user who may publish.
    ``requests`` counts the HTTP requests made (retries included), ``by_route`` them by
    method and route, ids left out (``POST /wp/v2/posts/ID``)."""

    def __init__(self, url: str, user: str, app_password: str, *, timeout_s: float = 30.0,
                 backoff: Backoff | None = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        if urlsplit(url).scheme not in {"http", "https"}:
            raise WordPressError(f"NEWSDESK_WORDPRESS_URL must be the site's http(s) address,"
                                 f" not {url!r}")
        self.url = url.rstrip("/") + "/"
        self.user = user
        token = base64.b64encode(f"{user}:{app_password}".encode()).decode()
        self._headers = {"Authorization": f"Basic {token}",
                         "User-Agent": "newsdesk (WordPress publisher)"}
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self.backoff = backoff or Backoff()
        self.sleep = sleep
        self.requests = 0
        self.by_route: Counter[str] = Counter()
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout, headers=self._headers)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def get(self, route: str, **params: Any) -> Any:
        return await self.call("GET", route, params=params)

    async def call(self, method: str, route: str, *, params: Mapping[str, Any] | None = None,
                   json: Any = None, body: bytes | None = None,
                   headers: Mapping[str, str] | None = None, replay_safe: bool = True) -> Any:
        """The decoded JSON answer of ``method route``. ``replay_safe``: the request may be
        made twice without harm (reads, updates, deletes), so it is retried after any
        failure; otherwise only after failures that prove it was not processed."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._once(method, route, params, json, body, headers)
            except WordPressError as exc:
                if not self._again(exc, attempt, replay_safe):
                    raise
                wait = self.backoff.wait(attempt, exc.retry_after)
                log.info("WordPress: %s %s failed (%s); trying again in %.1f s", method, route,
                         exc, wait)
                await self.sleep(wait)

    def _again(self, exc: WordPressError, attempt: int, replay_safe: bool) -> bool:
        if attempt >= self.backoff.tries or not exc.transient:
            return False
        if exc.retry_after is not None and exc.retry_after > _MAX_WAIT_S:
            return False
        return replay_safe or not exc.delivered_unknown

    async def _once(self, method: str, route: str, params: Mapping[str, Any] | None,
                    json: Any, body: bytes | None, headers: Mapping[str, str] | None) -> Any:
        await self.open()
        assert self._session is not None
        query = {"rest_route": route, **_plain(params or {})}
        what = f"{method} {route}"
        self.requests += 1
        self.by_route[f"{method} {_ID.sub('/ID', route)}"] += 1
        try:
            async with self._session.request(
                    method, self.url, params=query, json=json, data=body, headers=headers,
                    allow_redirects=False) as answer:
                status = answer.status
                text = await answer.text(errors="replace")
                location = answer.headers.get("Location", "")
                retry_after = _seconds(answer.headers.get("Retry-After"))
        except aiohttp.ClientConnectorError as exc:  # never reached the site: nothing sent
            raise WordPressError(f"{what}: WordPress at {self.url} cannot be reached ({exc})",
                                 transient=True) from None
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise WordPressError(f"{what}: no answer from WordPress ({type(exc).__name__})",
                                 transient=True, delivered_unknown=True) from None
        if 300 <= status < 400:
            raise WordPressError(
                f"{what}: {self.url} redirects to {location or 'another address'}; set"
                " NEWSDESK_WORDPRESS_URL to the address it redirects to", status=status)
        if status >= 500 or status in _NOT_PROCESSED:
            raise WordPressError(f"{what}: WordPress answered {status}", status=status,
                                 transient=True, retry_after=retry_after,
                                 delivered_unknown=status not in _NOT_PROCESSED)
        if status >= 400:
            raise refusal(what, status, text, self.user)
        return _decoded(what, status, text)


def _decoded(what: str, status: int, text: str) -> Any:
    import json

    try:
        return json.loads(text)
    except ValueError:
        raise WordPressError(
            f"{what}: the answer ({status}) is not JSON but {text[:60]!r}...; is"
            " NEWSDESK_WORDPRESS_URL the address of a WordPress site?", status=status,
        ) from None


def _plain(params: Mapping[str, Any]) -> dict[str, str]:
    """Query values as WordPress reads them (lists comma-joined, booleans as words)."""
    out: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, list | tuple | set | frozenset):
            out[key] = ",".join(str(v) for v in value)
        else:
            out[key] = str(value)
    return out


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:  # an HTTP date: wait the usual way
        return None
