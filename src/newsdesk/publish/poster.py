"""Posting each live story once, right, on one channel, through any ``Publisher``.

Each round (``post_pending``):

1. stories that appeared since the last round get a row in the store's posting queue:
   ``skipped`` (with the reason) if the rules refuse them, else ``held`` until ``hold`` after
   they appeared, so their origin is known before they go out;
2. due posts are claimed in the store *before* they are sent (one claimant wins, so several
   posting processes never post a story twice), then sent; a story merged away or left
   without articles is never posted, and one that absorbed an already posted story takes
   over that message (an edit, not a second post);
3. sent posts whose story changed since (a new original, another credit, a correction) are
   composed again and, if the post would read differently, edited in place.

A refused post is retried with growing waits; one whose request may have reached the channel
(a timeout, a crash mid-request) is never sent again on its own: the store keeps it
``sending`` for an operator (see docs/publishing.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from newsdesk.ops import metrics
from newsdesk.publish.publisher import PostingRules, Publisher, PublishError, StoryToPost
from newsdesk.store import ChannelPost, Store, StoreError, Story

log = logging.getLogger(__name__)

BACKOFF_S = (30.0, 120.0, 600.0, 1800.0, 3600.0)
MAX_ATTEMPTS = 8  # then a failed post waits for an operator's retry
MAX_HASHTAGS = 4
_HASHTAG_JUNK = re.compile(r"[\W]+")
_SENTENCE_END = tuple(".!?…\"”»)")


class Poster:
    """Posts every live story to ``publisher``'s channel, once, and keeps the post right.

    ``site_url``, when given, makes links point at the story page of our site; otherwise at
    the original outlet's page. ``now`` is the clock (tests pass a fake one).
    """

    def __init__(self, store: Store, publisher: Publisher, rules: PostingRules | None = None,
                 *, site_url: str | None = None, started: datetime | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.publisher = publisher
        self.rules = rules or PostingRules()
        self.site_url = site_url.rstrip("/") if site_url else None
        self._now = now
        self.started = started or now()

    @property
    def channel(self) -> str:
        return self.publisher.channel

    async def __aenter__(self) -> Poster:
        await self.publisher.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.publisher.close()

    async def post_pending(self) -> int:
        """One round; the number of messages sent or edited."""
        self._queue_new_stories()
        done = 0
        for post in self.store.due_posts(self.channel, self._moment()):
            done += await self._post(post)
        since = self.started - self.rules.max_age
        for post in self.store.stale_posts(self.channel, since=since, moment=self._moment()):
            done += await self._refresh(post)
        return done

    async def run(self, stop: asyncio.Event, *, every_s: float = 30.0) -> None:
        """Post pending stories every ``every_s`` seconds until ``stop`` is set."""
        async with self:
            while not stop.is_set():
                try:
                    await self.post_pending()
                except Exception as exc:  # never let one bad round end the poster
                    log.error("posting to %s failed this round: %s", self.channel, exc)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=every_s)

    # --- the three steps --------------------------------------------------------------------
    def _queue_new_stories(self) -> None:
        after_id, since = 0, self.started - self.rules.max_age
        while batch := self.store.stories_to_post(self.channel, since=since, after_id=after_id):
            after_id = batch[-1]
            for story_id in batch:
                story = self.store.get_story(story_id)
                if not story.articles:  # emptied since the query: nothing to queue
                    continue
                reason = self.rules.refusal(story, self._folder(story))
                if reason is not None:
                    self.store.skip_post(story.id, self.channel, reason)
                else:
                    self.store.hold_post(story.id, self.channel, _utc(
                        story.first_seen + self.rules.hold))

    async def _post(self, queued: ChannelPost) -> int:
        try:  # the story as the public sees it: without the copies the desk hid
            story = self.store.visible_story(queued.story_id)
        except StoreError:
            self.store.skip_post(queued.story_id, self.channel, "hidden on the desk")
            return 0
        if story.merged_into is not None or not story.articles:
            target = self.store.live_story_id(story.id)
            self.store.skip_post(story.id, self.channel, f"merged into story {target}")
            return 0
        if queued.state == "held":
            reason = self.rules.refusal(story, self._folder(story))
            if reason is not None:  # the story changed while it was held
                self.store.skip_post(story.id, self.channel, reason)
                return 0
        adopted = self.store.adopt_merged_post(story.id, self.channel)
        if adopted is not None:
            return await self._refresh(adopted, story)
        post = self.publisher.compose(self._material(story))
        if not self.store.claim_post(story.id, self.channel, self._moment()):
            return 0  # another poster took it
        try:
            reference = await self.publisher.send(post)
        except PublishError as exc:
            metrics.posted(self.channel, "failed")
            self._failed(story.id, exc)
            return 0
        except BaseException:
            # Cancelled or crashed mid-request: the message may have gone out, so the claim
            # stays (never twice; maybe never, until an operator retries it).
            log.warning("post of story %d to %s interrupted; left claimed", story.id,
                        self.channel)
            raise
        metrics.posted(self.channel, "sent")
        self.store.mark_post_sent(story.id, self.channel, reference, post.digest)
        return 1

    async def _refresh(self, sent: ChannelPost, story: Story | None = None) -> int:
        story = story or self.store.get_story(sent.story_id)
        if not story.articles or sent.message_id is None:
            self.store.touch_post(sent.story_id, self.channel)
            return 0
        post = self.publisher.compose(self._material(story))
        if post.digest == sent.content_hash:
            self.store.touch_post(story.id, self.channel)
            return 0
        try:
            reference = await self.publisher.edit(sent.message_id, post)
        except PublishError as exc:  # an edit can safely be made twice: always retried
            metrics.posted(self.channel, "failed")
            self._failed(story.id, exc, edit_attempts=sent.attempts + 1)
            return 0
        metrics.posted(self.channel, "edited")
        self.store.mark_post_sent(story.id, self.channel, reference, post.digest)
        return 1

    # --- helpers ----------------------------------------------------------------------------
    def _failed(self, story_id: int, exc: PublishError, edit_attempts: int | None = None,
                ) -> None:
        attempts = edit_attempts
        if exc.delivered_unknown and edit_attempts is None:
            log.error("post of story %d to %s: %s; it may have gone out, so it is not retried",
                      story_id, self.channel, exc)
            self.store.mark_post_unknown(story_id, self.channel, str(exc))
            return
        if attempts is None:
            queued = self.store.channel_post(story_id, self.channel)
            attempts = queued.attempts if queued else 1
        retry_at = None
        if attempts < MAX_ATTEMPTS:
            wait = BACKOFF_S[min(attempts, len(BACKOFF_S)) - 1]
            retry_at = self._moment() + timedelta(seconds=wait)
            log.warning("%s of story %d to %s failed (%s); retrying in %.0f s",
                        "edit" if edit_attempts else "post", story_id, self.channel, exc, wait)
        else:
            log.error("post of story %d to %s failed %d times (%s); retry it by hand",
                      story_id, self.channel, attempts, exc)
        self.store.mark_post_failed(story_id, self.channel, str(exc), retry_at)

    def _material(self, story: Story) -> StoryToPost:
        original = story.articles[0]  # the store lists the original first
        a = original.article
        relays = self.store.articles_with_links([m.id for m in story.articles])
        relayed = original.id in relays
        if self.site_url:
            link, outlet = f"{self.site_url}/stories/{story.id}", None
        elif relayed and (links := self.store.links_of(original.id)):
            link, outlet = links[0], urlsplit(links[0]).hostname
        else:
            link, outlet = a.canonical_url or a.url, a.publisher
        summary = a.summary or _lede(a.text)
        return StoryToPost(
            story_id=story.id, title=a.title or story.title, summary=summary,
            credit=origin_outlet(story, relays), link=link, link_outlet=outlet,
            image=a.image, hashtags=_hashtags(a.tags), language=a.language,
        )

    def _folder(self, story: Story) -> str | None:
        source_id = story.articles[0].source_id if story.articles else None
        if source_id is None or not self.rules.folders:
            return None
        try:
            return self.store.get_source(source_id).folder
        except StoreError:  # the source was removed since
            return None

    def _moment(self) -> datetime:
        return _utc(self._now())


def origin_outlet(story: Story, relays: set[int]) -> str | None:
    """Who reported ``story`` first: the outlet its members credit most, else its original's
    publisher; None when the original only relays it (a channel post) and nobody is credited.
    """
    credited: Counter[str] = Counter()
    names: dict[str, str] = {}
    for member in story.articles:
        credit = member.article.original_source
        if credit is not None and credit.name.strip():
            key = "".join(credit.name.split()).casefold()
            credited[key] += 1
            names.setdefault(key, credit.name.strip())
    for member in story.articles:  # spell the outlet as the outlet itself does
        publisher = member.article.publisher or ""
        key = "".join(publisher.split()).casefold()
        if key in names:
            names[key] = publisher
    if credited:
        return names[credited.most_common(1)[0][0]]
    original = story.articles[0]
    return None if original.id in relays else original.article.publisher


def _lede(text: str) -> str:
    """The first paragraph that reads as prose (not a tagline or a share bar)."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    prose = (p for p in paragraphs if len(p) > 60 and p.endswith(_SENTENCE_END))
    return next(prose, paragraphs[0] if paragraphs else "")


def _hashtags(tags: list[str]) -> tuple[str, ...]:
    found: list[str] = []
    for tag in tags:
        cleaned = _HASHTAG_JUNK.sub("", tag.replace(" ", "_"))
        if cleaned and not cleaned.isdigit() and cleaned.casefold() not in {
                t.casefold() for t in found}:
            found.append(cleaned)
    return tuple(found[:MAX_HASHTAGS])


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)

