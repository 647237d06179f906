"""The Telegram publisher under the poster, against a fake Bot API: once per story, photos,
Telegram's pace and 429s, failures and restarts, filters, and several posting processes."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import timedelta

import pytest

from newsdesk.config import TelegramSettings
from newsdesk.publish import Poster, PostingRules, PublishError, TelegramPublisher
from newsdesk.store import Store, open_store
from tests.publish.fake_bot_api import TOKEN, running_bot_api
from tests.publish.newsroom import fill
from tests.publish.telegram_setup import NO_HOLD, FakeTime, poster, publisher, titles

CHANNEL = "telegram:@gullhaven_news"


async def test_every_story_is_posted_once_with_photo_when_there_is_one(store: Store) -> None:
    room = fill(store)
    fake = FakeTime()
    async with running_bot_api() as api, poster(store, api, fake) as first:
        assert await first.post_pending() == 4
        assert await first.post_pending() == 0
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
    sent = store.channel_post(room.stories["ferry"], CHANNEL)
    assert sent is not None and sent.state == "sent" and sent.message_id
    moth = store.channel_post(room.stories["moth"], CHANNEL)
    assert moth is not None and moth.message_id and moth.message_id.startswith("photo:")


async def test_rate_limit_allows_twenty_a_minute(store: Store) -> None:
    fill(store)
    fake = FakeTime()
    async with running_bot_api() as api, poster(store, api, fake, rate=2) as slow:
        assert await slow.post_pending() == 4
    # 2 a minute: the first two at once, then one every 30 s
    assert fake.waits == pytest.approx([30.0, 30.0])


async def test_429_waits_retry_after_then_sends(store: Store) -> None:
    fill(store)
    fake = FakeTime()
    async with running_bot_api() as api, poster(store, api, fake) as patient:
        api.script = [("429", 7)]
        assert await patient.post_pending() == 4
    assert 7 in fake.waits
    assert len(api.sent) == 4
    assert api.calls.count("sendMessage") + api.calls.count("sendPhoto") == 5


async def test_errors_back_off_and_retry_later(store: Store,
                                               caplog: pytest.LogCaptureFixture) -> None:
    room = fill(store)
    fake = FakeTime()
    caplog.set_level(logging.INFO)
    async with running_bot_api() as api, poster(store, api, fake) as trying:
        api.script = [("500", None)]
        assert await trying.post_pending() == 3
        failed = store.channel_post(room.stories["ferry"], CHANNEL)
        assert failed is not None and failed.state == "failed" and failed.attempts == 1
        assert "500" in (failed.last_error or "")
        assert await trying.post_pending() == 0  # still backing off
        fake.seconds += 31
        assert await trying.post_pending() == 1
    assert len(api.sent) == 4
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("newsdesk"))
    assert "SECRET" not in ours
    assert "retrying in 30 s" in ours


async def test_refused_photo_falls_back_to_text(store: Store) -> None:
    fill(store)
    fake = FakeTime()
    async with running_bot_api() as api, poster(store, api, fake) as plain:
        api.photo_broken = True
        assert await plain.post_pending() == 4
    assert [c["method"] for c in api.sent] == ["sendMessage"] * 4


async def test_restart_mid_run_posts_nothing_twice(store: Store) -> None:
    room = fill(store)
    fake = FakeTime()
    async with running_bot_api() as api:
        api.script = [("ok", None), ("hang", None)]  # the second message never gets an answer
        dying = poster(store, api, fake)
        run = asyncio.create_task(dying.post_pending())
        while len(api.sent) < 2:
            await asyncio.sleep(0.01)
        run.cancel()  # the process dies while Telegram holds the second message
        with pytest.raises(asyncio.CancelledError):
            await run
        await dying.publisher.close()
        async with poster(store, api, fake) as again:  # a new process, same store
            assert await again.post_pending() == 2
            assert await again.post_pending() == 0
    assert len(titles(api)) == 4 and len(set(titles(api))) == 4
    unknown = [p for p in store.channel_posts(CHANNEL) if p.state == "sending"]
    assert [p.story_id for p in unknown] == [room.stories["moth"]]  # left for an operator


async def test_two_posting_processes_post_each_story_once(store_url: str) -> None:
    stores = [open_store(store_url), open_store(store_url)]
    try:
        fill(stores[0])
        fake = FakeTime()
        async with running_bot_api() as api:
            posters = [poster(s, api, fake) for s in stores]
            done = await asyncio.gather(*(p.post_pending() for p in posters))
            for each in posters:
                await each.publisher.close()
        assert sum(done) == 4
        assert sorted(titles(api)) == sorted(set(titles(api))) and len(api.sent) == 4
    finally:
        for opened in stores:
            opened.close()


async def test_filters_choose_stories_per_channel(store: Store) -> None:
    room = fill(store)
    fake = FakeTime()
    age = timedelta(days=365 * 20)
    cases = [("@persian", PostingRules(languages=frozenset({"fa"}), hold=timedelta(0),
                                       max_age=age), 1),
             ("@moths", PostingRules(keywords=("moth",), hold=timedelta(0), max_age=age), 1),
             ("@wire", PostingRules(sources=frozenset({room.sources["Gullhaven Wire"]}),
                                    hold=timedelta(0), max_age=age), 2)]
    async with running_bot_api() as api:
        for channel, rules, expected in cases:
            async with Poster(store, publisher(api, fake, channel=channel), rules,
                              started=fake.now(), now=fake.now) as chosen:
                assert await chosen.post_pending() == expected
    assert titles(api)[:2] == ["پل تازه بر رود سرو گشوده شد", "Retired teacher finds a new moth"]
    skipped = store.channel_post(room.stories["ferry"], "telegram:@moths")
    assert skipped is not None and skipped.state == "skipped"
    assert skipped.last_error == "it mentions none of the channel's keywords"


async def test_an_excluded_keyword_skips_a_story_until_an_operator_posts_it(
        store: Store) -> None:
    room = fill(store)
    fake = FakeTime()
    rules = replace(NO_HOLD, exclude=("MOTH",))
    async with running_bot_api() as api, poster(store, api, fake, rules) as careful:
        assert await careful.post_pending() == 3
        moth = store.channel_post(room.stories["moth"], CHANNEL)
        assert moth is not None and moth.state == "skipped"
        assert moth.last_error == "it mentions the excluded keyword 'MOTH'"
        assert store.post_now(room.stories["moth"], CHANNEL)
        assert await careful.post_pending() == 1
    assert titles(api)[-1] == "Retired teacher finds a new moth"


async def test_a_story_waits_for_the_hold_before_it_is_posted(store: Store) -> None:
    room = fill(store)
    fake = FakeTime()
    rules = replace(NO_HOLD, hold=timedelta(minutes=5))
    async with running_bot_api() as api, poster(store, api, fake, rules) as holding:
        assert await holding.post_pending() == 0
        held = store.channel_post(room.stories["ferry"], CHANNEL)
        assert held is not None and held.state == "held" and held.not_before is not None
        fake.seconds += 4 * 60
        assert await holding.post_pending() == 0
        fake.seconds += 61
        assert await holding.post_pending() == 4
    assert len(api.sent) == 4


async def test_old_stories_are_not_posted_on_first_start(store: Store) -> None:
    fill(store)
    fake = FakeTime(start=FakeTime().now() + timedelta(days=2))  # the stories are 2 days old
    async with running_bot_api() as api:
        fresh = poster(store, api, fake, replace(NO_HOLD, max_age=timedelta(days=1)))
        assert await fresh.post_pending() == 0
    assert api.sent == []


def test_publisher_needs_token_and_channel() -> None:
    with pytest.raises(PublishError, match="NEWSDESK_TELEGRAM_TOKEN"):
        TelegramPublisher(TelegramSettings(channel="@x"))


async def test_run_stops_when_asked(store: Store) -> None:
    fill(store)
    async with running_bot_api() as api:
        settings = TelegramSettings(bot_token=TOKEN, channel="@c", api_base=api.base_url)
        running = Poster(store, TelegramPublisher(settings), NO_HOLD)
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
    async with running_bot_api() as api:
        for channel, folder, expected in (("@prefix", "Wir", 0), ("@wires", "Wires", 2)):
            rules = replace(NO_HOLD, folders=frozenset({folder}))
            async with Poster(store, publisher(api, fake, channel=channel), rules,
                              started=fake.now(), now=fake.now) as chosen:
                assert await chosen.post_pending() == expected
