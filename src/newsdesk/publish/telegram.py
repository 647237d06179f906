"""Telegram, the first ``Publisher``: posts and edits through the Bot API.

A story becomes a message (``sendMessage``) or, when it has an image, a photo with a caption
(``sendPhoto``; a photo Telegram refuses falls back to a message). A sent post is corrected
in place with ``editMessageText`` or ``editMessageCaption``. Sending keeps to Telegram's pace
(20 messages a minute to one channel by default) and waits when it answers 429. Which stories
go out and when, and the once-only guarantee, are ``poster.Poster``'s.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from newsdesk.config import TelegramSettings
from newsdesk.publish.publisher import Composed, PublishError, StoryToPost
from newsdesk.publish.telegram_text import CAPTION_LIMIT, MESSAGE_LIMIT, PostTemplate

log = logging.getLogger(__name__)

MAX_RETRY_AFTER_S = 300.0  # a longer 429 wait is treated as a failure and retried later
_PHOTO = "photo:"  # message references of photo posts start so: they are edited by caption


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


class TelegramPublisher:
    """Posts to ``settings.channel`` with the bot ``settings.bot_token``."""

    def __init__(self, settings: TelegramSettings, *, template: PostTemplate | None = None,
                 bucket: TokenBucket | None = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        if not settings.bot_token or not settings.channel:
            raise PublishError("Telegram posting needs both NEWSDESK_TELEGRAM_TOKEN and"
                               " NEWSDESK_TELEGRAM_CHANNEL")
        self.settings = settings
        self.template = template or PostTemplate.parse(settings.template)
        self.bucket = bucket or TokenBucket()
        self.sleep = sleep
        self.channel = f"telegram:{settings.channel}"
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def compose(self, story: StoryToPost) -> Composed:
        limit = CAPTION_LIMIT if story.image else MESSAGE_LIMIT
        return Composed(story, self._render(story, limit), story.image)

    async def send(self, post: Composed) -> str:
        if post.image:
            try:
                return _PHOTO + await self._call("sendPhoto", {
                    "chat_id": self.settings.channel, "photo": post.image,
                    "caption": post.body, "parse_mode": "HTML"})
            except PublishError as exc:
                if exc.status != 400:
                    raise
                log.info("Telegram refused the photo (%s); sending text only", exc)
        return await self._call("sendMessage", {
            "chat_id": self.settings.channel, "text": post.body, "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": False}})

    async def edit(self, message_id: str, post: Composed) -> str:
        photo = message_id.startswith(_PHOTO)
        payload: dict[str, Any] = {"chat_id": self.settings.channel, "parse_mode": "HTML",
                                   "message_id": int(message_id.removeprefix(_PHOTO))}
        if photo:  # a caption keeps the caption limit, image or not
            payload["caption"] = self._render(post.story, CAPTION_LIMIT)
        else:
            payload["text"] = post.body
        try:
            await self._call("editMessageCaption" if photo else "editMessageText", payload)
        except PublishError as exc:
            if "message is not modified" not in str(exc):
                raise
        return message_id

    def _render(self, story: StoryToPost, limit: int) -> str:
        link_text = f"Read at {story.link_outlet}" if story.link_outlet else "Read the story"
        return self.template.render({
            "title": story.title, "summary": story.summary, "credit": story.credit or "",
            "link": story.link, "link_text": link_text,
            "hashtags": " ".join(f"#{tag}" for tag in story.hashtags)}, limit)

    async def _call(self, method: str, payload: dict[str, Any]) -> str:
        while True:
            await self.bucket.take()
            try:
                answer = await self._request(method, payload)
            except PublishError as exc:
                if exc.retry_after is None or exc.retry_after > MAX_RETRY_AFTER_S:
                    raise
                log.info("Telegram asks to wait %.0f s before %s", exc.retry_after, method)
                await self.sleep(exc.retry_after)
                continue
            return str(answer["message_id"])

    async def _request(self, method: str, payload: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.settings.api_base.rstrip('/')}/bot{self.settings.bot_token}/{method}"
        await self.open()
        assert self._session is not None
        try:
            async with self._session.post(url, json=payload) as response:
                body = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientConnectionError, TimeoutError) as exc:
            sent = not isinstance(exc, aiohttp.ClientConnectorError)  # refused: never sent
            raise PublishError(f"{method}: {type(exc).__name__}", delivered_unknown=sent) from None
        except (aiohttp.ClientError, ValueError) as exc:
            raise PublishError(f"{method}: unreadable answer ({type(exc).__name__})",
                                status=0) from None
        if isinstance(body, dict) and body.get("ok") and isinstance(body.get("result"), dict):
            return body["result"]
        description = body.get("description", "") if isinstance(body, dict) else ""
        params = body.get("parameters") or {} if isinstance(body, dict) else {}
        retry_after = params.get("retry_after") if status == 429 else None
        raise PublishError(f"{method} answered {status}: {str(description)[:200]}",
                            status=status, retry_after=float(retry_after)
                            if isinstance(retry_after, int | float) else None)
