"""Posting new stories to a Telegram channel through the Bot API, once each.

Each story is claimed in the store (``publications``, UNIQUE per story and channel) *before*
its message is sent and the message id is filled in afterwards, so a restart never posts a
story twice. The price: a crash between the claim and Telegram's answer leaves that one story
claimed but maybe unposted (see docs/publishing.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp

from newsdesk.config import TelegramSettings
from newsdesk.ops import metrics
from newsdesk.publish.telegram_text import Post, compose
from newsdesk.store import Store, StoreError, Story

log = logging.getLogger(__name__)

MAX_RETRY_AFTER_S = 300.0  # a longer 429 wait is treated as a failure and retried later
BACKOFF_S = (30.0, 120.0, 600.0, 1800.0, 3600.0)


class TelegramError(Exception):
    """The Bot API refused or failed a request; the message says which and why."""

    def __init__(self, message: str, *, status: int = 0, retry_after: float | None = None,
                 delivered_unknown: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.delivered_unknown = delivered_unknown  # the request may have reached Telegram


@dataclass(frozen=True)
class TelegramFilters:
    """Which stories go out: empty sets mean any; a story passes when its original article
    is from one of ``sources`` or ``folders`` (a folder holds its subfolders), in one of
    ``languages`` and (if given) mentions a keyword."""

    sources: frozenset[int] = frozenset()
    folders: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ()
    max_age: timedelta = timedelta(days=1)  # older stories are never posted (first start)

    def accepts(self, story: Story, folder: str | None = None) -> bool:
        """``folder``: the folder of the source of the story's original."""
        original = story.articles[0]
        a = original.article
        if self.sources and original.source_id not in self.sources:
            return False
        if self.folders and not any(
                folder == f or (folder or "").startswith(f.rstrip("/") + "/")
                for f in self.folders):
            return False
        if self.languages and (a.language or "").lower() not in self.languages:
            return False
        if self.keywords:
            haystack = f"{story.title} {a.title} {a.summary}".casefold()
            return any(k.casefold() in haystack for k in self.keywords)
        return True


class TokenBucket:
    """At most ``rate`` sends per ``per`` seconds, in bursts of up to ``rate``."""

    def __init__(self, rate: int = 20, per: float = 60.0, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        self.capacity = float(rate)
        self.refill_per_s = rate / per
        self.tokens = float(rate)
        self._clock = clock
        self._sleep = sleep
        self._at = clock()

    async def take(self) -> None:
        while True:
            moment = self._clock()
            self.tokens = min(self.capacity, self.tokens + (moment - self._at) * self.refill_per_s)
            self._at = moment
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return
            await self._sleep((1.0 - self.tokens) / self.refill_per_s)


@dataclass
class _Retry:
    attempts: int = 0
    not_before: float = 0.0


@dataclass
class TelegramPoster:
    """Posts each new story (not each copy) to ``settings.channel``.

    ``site_url``, when given, makes the link point at the story page of our site; otherwise
    it points at the original outlet's page.
    """

    store: Store
    settings: TelegramSettings
    filters: TelegramFilters = field(default_factory=TelegramFilters)
    site_url: str | None = None
    bucket: TokenBucket = field(default_factory=TokenBucket)
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep
    clock: Callable[[], float] = time.monotonic
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    _retries: dict[int, _Retry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.settings.bot_token or not self.settings.channel:
            raise TelegramError("Telegram posting needs both NEWSDESK_TELEGRAM_TOKEN and"
                                " NEWSDESK_TELEGRAM_CHANNEL")

    @property
    def channel(self) -> str:
        return f"telegram:{self.settings.channel}"

    async def post_pending(self, session: aiohttp.ClientSession) -> int:
        """Post every story not yet claimed for the channel; the number posted."""
        posted, after_id = 0, 0
        since = self.started - self.filters.max_age
        while True:
            batch = self.store.unpublished_stories(self.channel, since=since, after_id=after_id)
            if not batch:
                return posted
            after_id = batch[-1].id
            for story in batch:
                if self._due(story.id) and self.filters.accepts(story, self._folder(story)):
                    posted += await self._post_one(session, story)

    def _folder(self, story: Story) -> str | None:
        source_id = story.articles[0].source_id if story.articles else None
        if source_id is None or not self.filters.folders:
            return None
        try:
            return self.store.get_source(source_id).folder
        except StoreError:  # the source was removed since
            return None

    async def run(self, stop: asyncio.Event, *, every_s: float = 30.0) -> None:
        """Post pending stories every ``every_s`` seconds until ``stop`` is set."""
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            while not stop.is_set():
                try:
                    await self.post_pending(session)
                except Exception as exc:  # never let one bad round end the poster
                    log.error("Telegram posting round failed: %s", self._redact(str(exc)))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=every_s)

    def _due(self, story_id: int) -> bool:
        retry = self._retries.get(story_id)
        return retry is None or self.clock() >= retry.not_before

    async def _post_one(self, session: aiohttp.ClientSession, story: Story) -> int:
        if not self.store.record_publication(story.id, self.channel, None):
            return 0  # another poster claimed it
        try:
            message_id = await self._send(session, self._post_for(story))
        except TelegramError as exc:
            metrics.telegram_posted(ok=False)
            self._failed(story, exc)
            return 0
        except BaseException:
            # Cancelled or crashed mid-request: the message may have gone out, so the claim
            # stays (never twice; maybe never). Logged for the operator.
            log.warning("Telegram post of story %d interrupted; left claimed", story.id)
            raise
        metrics.telegram_posted(ok=True)
        self.store.set_publication_message(story.id, self.channel, message_id)
        self._retries.pop(story.id, None)
        return 1

    def _failed(self, story: Story, exc: TelegramError) -> None:
        if exc.delivered_unknown:
            log.error("Telegram post of story %d: %s; it may have gone out, so it is not"
                      " retried", story.id, self._redact(str(exc)))
            return
        self.store.release_publication(story.id, self.channel)
        retry = self._retries.setdefault(story.id, _Retry())
        wait = BACKOFF_S[min(retry.attempts, len(BACKOFF_S) - 1)]
        retry.attempts += 1
        retry.not_before = self.clock() + wait
        log.warning("Telegram post of story %d failed (%s); retrying in %.0f s",
                    story.id, self._redact(str(exc)), wait)

    def _post_for(self, story: Story) -> Post:
        original = story.articles[0]
        a = original.article
        link = (f"{self.site_url.rstrip('/')}/stories/{story.id}" if self.site_url
                else a.canonical_url or a.url)
        credit = a.original_source.name if a.original_source else a.publisher
        return compose(title=story.title or a.title, lede=a.summary, credit=credit, link=link,
                       outlet=None if self.site_url else a.publisher, image=a.image)

    async def _send(self, session: aiohttp.ClientSession, post: Post) -> str:
        """Send ``post``, honouring the rate limit and 429 answers; the message id."""
        if post.image:
            try:
                return await self._call(session, "sendPhoto", {
                    "chat_id": self.settings.channel, "photo": post.image,
                    "caption": post.text, "parse_mode": "HTML"})
            except TelegramError as exc:
                if exc.status != 400:
                    raise
                log.info("Telegram refused the photo (%s); sending text only", exc)
                post = compose_text_only(post)
        return await self._call(session, "sendMessage", {
            "chat_id": self.settings.channel, "text": post.text, "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": False}})

    async def _call(self, session: aiohttp.ClientSession, method: str,
                    payload: dict[str, Any]) -> str:
        while True:
            await self.bucket.take()
            try:
                answer = await self._request(session, method, payload)
            except TelegramError as exc:
                if exc.retry_after is None or exc.retry_after > MAX_RETRY_AFTER_S:
                    raise
                log.info("Telegram asks to wait %.0f s before %s", exc.retry_after, method)
                await self.sleep(exc.retry_after)
                continue
            return str(answer["message_id"])

    async def _request(self, session: aiohttp.ClientSession, method: str,
                       payload: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.settings.api_base.rstrip('/')}/bot{self.settings.bot_token}/{method}"
        try:
            async with session.post(url, json=payload) as response:
                body = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientConnectionError, TimeoutError) as exc:
            sent = not isinstance(exc, aiohttp.ClientConnectorError)  # refused: never sent
            raise TelegramError(f"{method}: {type(exc).__name__}", delivered_unknown=sent) from None
        except (aiohttp.ClientError, ValueError) as exc:
            raise TelegramError(f"{method}: unreadable answer ({type(exc).__name__})",
                                status=0) from None
        if isinstance(body, dict) and body.get("ok") and isinstance(body.get("result"), dict):
            return body["result"]
        description = body.get("description", "") if isinstance(body, dict) else ""
        params = body.get("parameters") or {} if isinstance(body, dict) else {}
        retry_after = params.get("retry_after") if status == 429 else None
        raise TelegramError(f"{method} answered {status}: {str(description)[:200]}",
                            status=status, retry_after=float(retry_after)
                            if isinstance(retry_after, int | float) else None)

    def _redact(self, text: str) -> str:
        token = self.settings.bot_token
        return text.replace(token, "***") if token else text


def compose_text_only(post: Post) -> Post:
    """The same post without its image (the text already fits a caption, so a message)."""
    return Post(text=post.text, image=None, visible_length=post.visible_length)
