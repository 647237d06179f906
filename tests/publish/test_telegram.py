"""The Telegram poster against a fake Bot API: once per story, limits, 429, restarts."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from newsdesk.config import TelegramSettings
from newsdesk.publish.telegram import TelegramError, TelegramFilters, TelegramPoster, TokenBucket
from newsdesk.store import Store
from tests.publish.fake_bot_api import TOKEN, FakeBotApi, running_bot_api
from tests.publish.newsroom import fill


class FakeTime:
    """A clock and a sleep that only move when slept, recording every wait."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def poster(store: Store, api: FakeBotApi, fake: FakeTime, **kwargs: object) -> TelegramPoster:
    settings = TelegramSettings(bot_token=TOKEN, channel="@gullhaven_news", api_base=api.base_url)
    bucket = TokenBucket(kwargs.pop("rate", 20), 60.0, clock=fake.clock,  # type: ignore[arg-type]
                         sleep=fake.sleep)
    return TelegramPoster(store, settings, bucket=bucket, sleep=fake.sleep, clock=fake.clock,
                          started=datetime.now(UTC) + timedelta(days=365 * 10),
                          filters=kwargs.pop("filters", TelegramFilters(  # type: ignore[arg-type]
                              max_age=timedelta(days=365 * 20))), **kwargs)  # type: ignore[arg-type]


def titles(api: FakeBotApi) -> list[str]:
    return [(c.get("text") or c.get("caption") or "").split("</b>")[0].removeprefix("<b>")
            for c in api.sent]


async def test_every_story_is_posted_once_with_photo_when_there_is_one(store: Store) -> None:
    room = fill(store)
    fake = FakeTime()
    async with running_bot_api() as api, aiohttp.ClientSession() as session:
        first = poster(store, api, fake)
        assert await first.post_pending(session) == 4
        assert await first.post_pending(session) == 0
    assert sorted(titles(api)) == sorted(["Night ferry to Skarra resumes",
                                          "Retired teacher finds a new moth",
                                          "پل تازه بر رود سرو گشوده شد",
                                          "Council votes on the harbour wall"])
    methods = {titles(api)[i]: c["method"] for i, c in enumerate(api.sent)}
    assert methods["Retired teacher finds a new moth"] == "sendPhoto"
    assert methods["Night ferry to Skarra resumes"] == "sendMessage"
    assert all(c["parse_mode"] == "HTML" for c in api.sent)
    ferry = next(c for c in api.sent if "Skarra" in c.get("text", ""))
    assert "<i>Originally reported by Gullhaven Wire</i>" in ferry["text"]
    assert 'href="https://gullhavenwire.example/ferry"' in ferry["text"]
    assert store.publication_message(room.stories["ferry"], "telegram:@gullhaven_news")


async def test_rate_limit_allows_twenty_a_minute(store: Store) -> None:
    fill(store)
    fake = FakeTime()
    async with running_bot_api() as api, aiohttp.ClientSession() as session:
        assert await poster(store, api, fake, rate=2).post_pending(session) == 4
    # 2 a minute: the first two at once, then one every 30 s
    assert fake.waits == pytest.approx([30.0, 30.0])


async def test_429_waits_retry_after_then_sends(store: Store) -> None:
    fill(store)
    fake = FakeTime()
    async with running_bot_api() as api, aiohttp.ClientSession() as session:
        api.script = [("429", 7)]
        assert await poster(store, api, fake).post_pending(session) == 4
    assert 7 in fake.waits
    assert len(api.sent) == 4 and api.calls.count("sendMessage") + api.calls.count(
        "sendPhoto") == 5


async def test_errors_back_off_and_retry_later(store: Store, caplog: pytest.LogCaptureFixture,
                                               ) -> None:
    fill(store)
    fake = FakeTime()
    caplog.set_level(logging.INFO)
    async with running_bot_api() as api, aiohttp.ClientSession() as session:
        api.script = [("500", None)]
        poster_ = poster(store, api, fake)
        assert await poster_.post_pending(session) == 3
        assert await poster_.post_pending(session) == 0  # still backing off
        fake.now += 31
        assert await poster_.post_pending(session) == 1
    assert len(api.sent) == 4
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("newsdesk"))
    assert "SECRET" not in ours
    assert "retrying in 30 s" in ours


async def test_refused_photo_falls_back_to_text(store: Store) -> None:
    fill(store)
    fake = FakeTime()
    async with running_bot_api() as api, aiohttp.ClientSession() as session:
        api.photo_broken = True
        assert await poster(store, api, fake).post_pending(session) == 4
    assert [c["method"] for c in api.sent] == ["sendMessage"] * 4


async def test_restart_mid_run_posts_nothing_twice(store: Store) -> None:
    fill(store)
    fake = FakeTime()
    async with running_bot_api() as api, aiohttp.ClientSession() as session:
        api.script = [("ok", None), ("hang", None)]  # the second message never gets an answer
        run = asyncio.create_task(poster(store, api, fake).post_pending(session))
        while len(api.sent) < 2:
            await asyncio.sleep(0.01)
        run.cancel()  # the process dies while Telegram holds the second message
        with pytest.raises(asyncio.CancelledError):
            await run
        again = poster(store, api, fake)  # a new process, same store
        assert await again.post_pending(session) == 2
        assert await again.post_pending(session) == 0
    assert len(titles(api)) == 4 and len(set(titles(api))) == 4


async def test_filters_choose_stories(store: Store) -> None:
    room = fill(store)
    fake = FakeTime()
    chosen = TelegramFilters(languages=frozenset({"fa"}), max_age=timedelta(days=365 * 20))
    by_keyword = TelegramFilters(keywords=("moth",), max_age=timedelta(days=365 * 20))
    by_source = TelegramFilters(sources=frozenset({room.sources["Gullhaven Wire"]}),
                                max_age=timedelta(days=365 * 20))
    async with running_bot_api() as api, aiohttp.ClientSession() as session:
        assert await poster(store, api, fake, filters=chosen).post_pending(session) == 1
        assert await poster(store, api, fake, filters=by_keyword).post_pending(session) == 1
        assert await poster(store, api, fake, filters=by_source).post_pending(session) == 2
    assert titles(api)[:2] == ["پل تازه بر رود سرو گشوده شد", "Retired teacher finds a new moth"]


async def test_old_stories_are_not_posted_on_first_start(store: Store) -> None:
    fill(store)
    fake = FakeTime()
    async with running_bot_api() as api, aiohttp.ClientSession() as session:
        fresh = poster(store, api, fake, filters=TelegramFilters(max_age=timedelta(hours=1)))
        assert await fresh.post_pending(session) == 0  # stories were first seen "10 years ago"
    assert api.sent == []


def test_poster_needs_token_and_channel(store: Store) -> None:
    with pytest.raises(TelegramError, match="NEWSDESK_TELEGRAM_TOKEN"):
        TelegramPoster(store, TelegramSettings(channel="@x"))


async def test_run_stops_when_asked(store: Store) -> None:
    fill(store)
    async with running_bot_api() as api:
        settings = TelegramSettings(bot_token=TOKEN, channel="@c", api_base=api.base_url)
        running = TelegramPoster(store, settings, started=datetime.now(UTC),
                                 filters=TelegramFilters(max_age=timedelta(days=365 * 20)))
        stop = asyncio.Event()
        task = asyncio.create_task(running.run(stop, every_s=0.05))
        while len(api.sent) < 4:
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(task, 5)
    assert len(api.sent) == 4
    assert all(TOKEN in p for p in api.paths)  # the token goes in the URL, as Telegram wants


async def test_folder_filter_takes_subfolders_not_prefixes(store: Store) -> None:
    room = fill(store)
    store.update_source(room.sources["Gullhaven Wire"], folder="Wires/Nordic")
    fake = FakeTime()
    age = timedelta(days=365 * 20)
    async with running_bot_api() as api, aiohttp.ClientSession() as session:
        prefix_only = TelegramFilters(folders=frozenset({"Wir"}), max_age=age)
        assert await poster(store, api, fake, filters=prefix_only).post_pending(session) == 0
        wires = TelegramFilters(folders=frozenset({"Wires"}), max_age=age)
        assert await poster(store, api, fake, filters=wires).post_pending(session) == 2
