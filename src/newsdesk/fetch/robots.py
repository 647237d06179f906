"""robots.txt: fetched once per site, cached for an hour, asked before every fetch.

Failure policy (see docs/fetch.md): a 4xx robots.txt (usually 404) means no rules, so
everything is allowed, as RFC 9309 says. A 5xx, an unreachable host or an unreadable file
also allows everything, which is laxer than RFC 9309 (it says disallow all on 5xx): a news
desk would otherwise stop following an outlet whenever its robots.txt breaks, and the page
fetch that follows fails on its own if the site is truly down. Such failures are cached
for ten minutes only, so real rules take effect soon after the site recovers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from .errors import FetchError

RULES_TTL = 3600.0
FAILURE_TTL = 600.0
MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
_PRUNE_AT = 10_000

# Fetches a robots.txt URL and returns its text; raises FetchError like Fetcher.fetch.
RobotsFetch = Callable[[str], Awaitable[str]]


@dataclass(frozen=True)
class RobotsRules:
    """What one site's robots.txt says; built from the file's text."""

    _parser: RobotFileParser

    @classmethod
    def from_text(cls, text: str) -> RobotsRules:
        parser = RobotFileParser()
        parser.parse(text.splitlines())
        parser.modified()  # can_fetch() answers False until the parser thinks it has read
        return cls(parser)

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls.from_text("")

    def allows(self, url: str, user_agent: str) -> bool:
        return self._parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float | None:
        """Seconds the site asks between requests (whole seconds only: stdlib parser)."""
        delay = self._parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


@dataclass
class _Entry:
    expires: float
    task: asyncio.Task[tuple[RobotsRules, float]]


class RobotsCache:
    """The robots.txt rules of each site (scheme, host and port), fetched on first use."""

    def __init__(self, fetch_text: RobotsFetch) -> None:
        self._fetch_text = fetch_text
        self._entries: dict[str, _Entry] = {}

    async def rules_for(self, url: str) -> RobotsRules:
        """The rules that apply to ``url``; raises FetchError only for private/bad URLs."""
        origin = _origin(url)
        entry = self._entries.get(origin)
        if entry is None or (entry.task.done() and entry.expires < time.monotonic()):
            if len(self._entries) >= _PRUNE_AT:
                self._prune()
            task = asyncio.ensure_future(self._load(origin))
            entry = _Entry(expires=float("inf"), task=task)
            self._entries[origin] = entry
        try:
            # shield: one caller giving up must not cancel the fetch the others wait for
            rules, ttl = await asyncio.shield(entry.task)
        except Exception:  # FetchError for private/bad URLs; anything else is a bug
            self._entries.pop(origin, None)
            raise
        entry.expires = min(entry.expires, time.monotonic() + ttl)
        return rules

    async def _load(self, origin: str) -> tuple[RobotsRules, float]:
        try:
            text = await self._fetch_text(origin + "/robots.txt")
        except FetchError as exc:
            if exc.reason in ("private_address", "bad_url"):
                raise  # the page itself is off limits; say so rather than "allowed"
            if exc.reason == "http_status" and exc.status is not None and exc.status < 500:
                return RobotsRules.allow_all(), RULES_TTL
            return RobotsRules.allow_all(), FAILURE_TTL
        return RobotsRules.from_text(text), RULES_TTL

    def _prune(self) -> None:
        now = time.monotonic()
        for origin in [o for o, e in self._entries.items() if e.expires < now]:
            del self._entries[origin]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower().rpartition('@')[2]}"
