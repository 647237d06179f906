"""Fetcher: the one object the rest of newsdesk uses to get things from the web."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

from newsdesk.ops import metrics
from newsdesk.records import FetchResult
from newsdesk.urls import fetch_form

from . import errors
from .charset import detect_charset
from .guard import check_url
from .politeness import HostGate
from .robots import MAX_ROBOTS_BYTES, RobotsCache
from .settings import FetchSettings
from .transport import Reply, Transport

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_AFTER_STATUSES = frozenset({429, 503})


class Fetcher:
    """Fetches URLs politely and safely; use as ``async with Fetcher(settings) as fetcher``.

    One instance owns one connection pool, per-host politeness state and the robots.txt
    cache, so share it across all fetches of a process rather than making one per URL.
    """

    def __init__(self, settings: FetchSettings = FetchSettings()) -> None:  # noqa: B008
        self._settings = settings
        self._transport = Transport(settings)
        self._gate = HostGate(
            settings.per_host_concurrency, settings.per_host_delay, settings.total_concurrency
        )
        self._robots = RobotsCache(self._fetch_robots_text)

    async def __aenter__(self) -> Fetcher:
        await self._transport.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection pool; the fetcher cannot be used afterwards."""
        await self._transport.close()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
        max_bytes: int | None = None,
        limit_name: str | None = None,
    ) -> FetchResult:
        """GET ``url``, following up to ``max_redirects`` redirects.

        ``etag``/``last_modified`` (from an earlier result's headers) make the request
        conditional; an unchanged resource then comes back as status 304 with an empty
        body. Any other non-2xx status, and every failure, raises :class:`FetchError`.
        ``max_bytes`` overrides the settings' body limit for this fetch; ``limit_name`` is
        the setting a user raises it with, named when the limit is hit.
        """
        check_url(url)
        headers = _request_headers(etag, last_modified, accept)
        fetched_at = datetime.now(UTC)
        started = time.monotonic()
        try:
            reply = await self._follow(fetch_form(url), headers,
                                       max_bytes or self._settings.max_bytes, robots=True)
        except errors.FetchError as exc:
            metrics.fetch_finished(exc.status, exc.reason)
            if exc.reason == "too_large" and limit_name:
                raise errors.too_large(url, max_bytes or self._settings.max_bytes,
                                       limit_name) from None
            raise
        metrics.fetch_finished(reply.status)
        return FetchResult(
            url=url,
            final_url=reply.url,
            status=reply.status,
            headers=reply.headers,
            body=reply.body,
            fetched_at=fetched_at,
            elapsed_ms=(time.monotonic() - started) * 1000,
            charset=detect_charset(reply.headers.get("content-type", ""), reply.body),
        )

    async def _follow(
        self, url: str, headers: dict[str, str], max_bytes: int, *, robots: bool
    ) -> Reply:
        s = self._settings
        current, seen, network_time = url, {url}, 0.0
        looped = False
        for _hop in range(s.max_redirects + 1):
            if robots and s.respect_robots:
                await self._check_robots(current)
            reply, spent = await self._request(current, headers, max_bytes, network_time)
            network_time += spent
            location = reply.headers.get("location")
            if reply.status not in _REDIRECTS or not location:
                return _checked_status(reply)
            # Browsers percent-encode stray spaces in Location; so do we.
            current = urljoin(current, location.strip().replace(" ", "%20"))
            check_url(current)
            current = fetch_form(current)  # "//１２７.０.０.１/" is 127.0.0.1 here too
            looped = looped or current in seen
            seen.add(current)
        raise errors.too_many_redirects(url, s.max_redirects, looped)

    async def _request(
        self, url: str, headers: dict[str, str], max_bytes: int, used: float
    ) -> tuple[Reply, float]:
        host = urlsplit(url).hostname or ""
        async with self._gate.admit(host):
            started = time.monotonic()
            reply = await self._transport.get(
                url, headers, timeout=self._settings.total_timeout - used, max_bytes=max_bytes
            )
        return reply, time.monotonic() - started

    async def _check_robots(self, url: str) -> None:
        try:
            rules = await self._robots.rules_for(url)
        except errors.FetchError as exc:  # robots.txt's host is private: so is the page's
            raise errors.retarget(exc, url) from None
        agent = self._settings.user_agent
        if not rules.allows(url, agent):
            raise errors.robots_disallowed(url, agent)
        delay = rules.crawl_delay(agent)
        if delay:
            self._gate.raise_delay(urlsplit(url).hostname or "", delay)

    async def _fetch_robots_text(self, robots_url: str) -> str:
        headers = {"Accept": "text/plain, */*;q=0.5"}
        reply = await self._follow(robots_url, headers, MAX_ROBOTS_BYTES, robots=False)
        return reply.body.decode("utf-8", errors="replace")


def _request_headers(
    etag: str | None, last_modified: str | None, accept: str | None
) -> dict[str, str]:
    headers = {"Accept": accept or "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _checked_status(reply: Reply) -> Reply:
    if 200 <= reply.status < 300 or reply.status == 304:
        return reply
    retry_after = None
    if reply.status in _RETRY_AFTER_STATUSES:
        retry_after = parse_retry_after(reply.headers.get("retry-after"))
    raise errors.http_status(reply.url, reply.status, reply.phrase, reply.headers, retry_after)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
