"""A scripted morning on a fake Bot API: the exact messages sent for a sequence of arrivals,
merges and corrections, with the real story desk and the store's posting queue."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from newsdesk.publish import Poster
from newsdesk.records import Article
from newsdesk.store import Store
from newsdesk.story_desk import StoryDesk
from tests.publish import channel_network as net
from tests.publish.fake_bot_api import FakeBotApi, running_bot_api
from tests.publish.telegram_setup import NO_HOLD, FakeTime, poster

CHAT = "@gullhaven_news"
HOLD = replace(NO_HOLD, hold=timedelta(minutes=5))


class Morning:
    """The desk, the poster and one clock for the store, the poster and the script."""

    def __init__(self, store: Store, api: FakeBotApi, monkeypatch: pytest.MonkeyPatch) -> None:
        self.clock = FakeTime()
        for module in ("articles", "stories", "posting"):  # the store stamps script time
            monkeypatch.setattr(f"newsdesk.store.{module}.now", self.clock.now)
        self.store = store
        self.desk = StoryDesk(store)
        self.poster: Poster = poster(store, api, self.clock, HOLD)
        self.start = self.clock.now()

    def at(self, minute: float) -> None:
        self.clock.seconds = minute * 60

    def arrive(self, minute: float, article: Article, links: Sequence[str] = ()) -> int:
        """At ``minute``, an article is stored and placed; its story's id."""
        self.at(minute)
        saved = self.store.save_article(article, source_id=None, fetch_id=None)
        return self.desk.place(saved.id, article, links)

    async def round(self, minute: float) -> int:
        self.at(minute)
        return await self.poster.post_pending()

    def published(self, minute: float) -> datetime:
        return net.minutes(self.start, minute)


@asynccontextmanager
async def morning(store: Store, monkeypatch: pytest.MonkeyPatch,
                  ) -> AsyncIterator[tuple[Morning, FakeBotApi]]:
    async with running_bot_api() as api:
        day = Morning(store, api, monkeypatch)
        async with day.poster:
            yield day, api


def message(text: str) -> dict[str, object]:
    return {"method": "sendMessage", "chat_id": CHAT, "text": text, "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": False}}


def edited(message_id: int, text: str) -> dict[str, object]:
    return {"method": "editMessageText", "chat_id": CHAT, "message_id": message_id,
            "text": text, "parse_mode": "HTML"}


FERRY_POST = (
    "<b>{title}</b>\n\n"
    "Crews on the Tolvara ferries stopped work at dawn, leaving islanders without a crossing."
    "\n\n<i>Originally reported by Meridian Press Agency</i>\n\n"
    '<a href="https://meridian.example/ferry-strike">Read at Meridian Press Agency</a>\n\n'
    "#Transport #Tolvara"
)
MOTH_CAPTION = (
    "<b>Scientists name a moth found only in the Tolvara salt marsh</b>\n\n"
    "The pale moth lives on a single marsh plant and may be threatened by rising tides.\n\n"
    "<i>Originally reported by Meridian Press Agency</i>\n\n"
    '<a href="https://meridian.example/salt-marsh-moth">Read at Meridian Press Agency</a>'
)
LIGHTHOUSE_BY_LANTERN = (
    "<b>Old Skarra lighthouse reopens as a museum</b>\n\n"
    "The old lighthouse onSkarrapoint will open to visitors onSaturday as amuseum of thecoast,"
    " after arestorationthat took four years and cost 2.1 millionkrona.\n\n"
    "<i>Originally reported by The Lantern Daily</i>\n\n"
    '<a href="https://lantern.example/story/skarra-lighthouse.html">Read at The Lantern Daily'
    "</a>"
)
LIGHTHOUSE_BY_AGENCY = (
    "<b>Old Skarra lighthouse reopens as a museum</b>\n\n"
    "The 1872 tower opens to visitors on Saturday after a four-year restoration.\n\n"
    "<i>Originally reported by Meridian Press Agency</i>\n\n"
    '<a href="https://meridian.example/skarra-lighthouse">Read at Meridian Press Agency</a>'
)


async def test_a_scripted_morning_sends_exactly_these_messages(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    async with morning(store, monkeypatch) as (day, api):
        ferry_article = net.agency(net.FERRY, "ferry-strike", day.published(0),
                                   tags=("Transport", "Tolvara"))
        ferry = day.arrive(0, ferry_article)
        assert day.arrive(1, net.lantern_copy(net.FERRY, "ferry", day.published(1),
                                              credited=True)) == ferry
        # the channel relays the moth story before the agency's page is fetched
        relay = day.arrive(2, net.channel_post(
            41, "Meet a moth that lives nowhere else: Tolvara's salt marsh has a new species",
            day.published(2)), links=["https://meridian.example/salt-marsh-moth"])
        assert await day.round(3) == 0  # everything is held for five minutes
        moth = day.arrive(4, net.agency(net.MOTH, "salt-marsh-moth", day.published(1),
                                        image="https://meridian.example/moth.jpg"))
        assert store.get_story(relay).merged_into == moth  # the relay joined it: no leftover
        assert await day.round(5) == 1  # the ferry story, credited to the agency
        lighthouse = day.arrive(6, net.lantern_copy(net.LIGHTHOUSE, "skarra-lighthouse",
                                                    day.published(6), credited=False))
        assert await day.round(7) == 0  # the relay's emptied story is never posted
        assert await day.round(9) == 1  # the moth: a photo, credited to the agency
        day.arrive(10, replace(ferry_article, title="Ferry crews strike for a second day"))
        assert await day.round(11) == 2  # the lighthouse (best known: the Lantern); a correction
        assert day.arrive(12, net.agency(net.LIGHTHOUSE, "skarra-lighthouse",
                                         day.published(3))) == lighthouse
        assert await day.round(13) == 1  # the agency's original turned up: the credit is fixed
        harbor = day.arrive(15, net.harbor(net.HARBOR_FERRY, "ferry-walkout", day.published(15)))
        assert harbor != ferry
        day.desk.merge(harbor, ferry)  # an editor folds the Harbor Wire piece into the strike
        assert await day.round(21) == 0
        assert await day.round(40) == 0

    assert api.sent == [
        message(FERRY_POST.format(title="Ferry crews strike over winter rosters")),
        {"method": "sendPhoto", "chat_id": CHAT, "photo": "https://meridian.example/moth.jpg",
         "caption": MOTH_CAPTION, "parse_mode": "HTML"},
        message(LIGHTHOUSE_BY_LANTERN),
        edited(1001, FERRY_POST.format(title="Ferry crews strike for a second day")),
        edited(1003, LIGHTHOUSE_BY_AGENCY),
    ]
    queue = {p.story_id: (p.state, p.last_error) for p in store.channel_posts(f"telegram:{CHAT}")}
    assert queue == {
        ferry: ("sent", None), moth: ("sent", None), lighthouse: ("sent", None),
        relay: ("skipped", f"merged into story {moth}"),
    }  # the Harbor Wire story was merged away before it was ever queued


async def test_a_posted_story_merged_into_a_held_one_is_edited_not_posted_again(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    async with morning(store, monkeypatch) as (day, api):
        copy = day.arrive(0, net.lantern_copy(net.LIGHTHOUSE, "skarra", day.published(0),
                                              credited=False))
        assert await day.round(5) == 1
        agency = day.arrive(6, net.agency(net.HARBOR_FERRY, "walkout", day.published(-10)))
        day.desk.merge(copy, agency)  # an editor: the same story after all
        assert await day.round(11) == 1  # the agency story takes over the sent message
        assert await day.round(20) == 0
    assert [c["method"] for c in api.sent] == ["sendMessage", "editMessageText"]
    assert api.sent[1]["message_id"] == 1001
    assert "Originally reported by The Lantern Daily" in str(api.sent[0]["text"])
    assert "Originally reported by Meridian Press Agency" in str(api.sent[1]["text"])
    [post] = store.channel_posts(f"telegram:{CHAT}")
    assert (post.story_id, post.state, post.message_id) == (agency, "sent", "1001")


async def test_a_photo_post_is_corrected_with_edit_message_caption(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    async with morning(store, monkeypatch) as (day, api):
        moth = net.agency(net.MOTH, "moth", day.published(0), image="https://m.example/m.jpg")
        day.arrive(0, moth)
        assert await day.round(5) == 1
        day.arrive(7, replace(moth, summary="Correction: the moth lives on two marsh plants."))
        assert await day.round(8) == 1
    assert [c["method"] for c in api.sent] == ["sendPhoto", "editMessageCaption"]
    assert api.sent[1]["message_id"] == 1001
    assert "Correction: the moth lives on two marsh plants." in str(api.sent[1]["caption"])
    assert api.messages[1001]["caption"] == api.sent[1]["caption"]
