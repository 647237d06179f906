"""A poster with a Telegram publisher, against the fake Bot API, on a clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.config import TelegramSettings
from newsdesk.publish import Poster, PostingRules, TelegramPublisher
from newsdesk.publish.telegram import TokenBucket
from newsdesk.store import Store
from tests.publish.fake_bot_api import TOKEN, FakeBotApi

CHANNEL = "@gullhaven_news"
NO_HOLD = PostingRules(hold=timedelta(0), max_age=timedelta(days=365 * 20))


class FakeTime:
    """A clock and a sleep that only move when slept or told, recording every wait."""

    def __init__(self, start: datetime | None = None) -> None:
        self.start = start or datetime.now(UTC)
        self.seconds = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.seconds += seconds


def publisher(api: FakeBotApi, fake: FakeTime, *, rate: int = 20, channel: str = CHANNEL,
              template: str | None = None) -> TelegramPublisher:
    settings = TelegramSettings(bot_token=TOKEN, channel=channel, api_base=api.base_url,
                                template=template)
    bucket = TokenBucket(rate, 60.0, clock=fake.clock, sleep=fake.sleep)
    return TelegramPublisher(settings, bucket=bucket, sleep=fake.sleep)


def poster(store: Store, api: FakeBotApi, fake: FakeTime, rules: PostingRules = NO_HOLD,
           **options: object) -> Poster:
    return Poster(store, publisher(api, fake, **options), rules,  # type: ignore[arg-type]
                  started=fake.now(), now=fake.now)


def titles(api: FakeBotApi) -> list[str]:
    """The bold first line of every accepted call, in order."""
    return [(c.get("text") or c.get("caption") or "").split("</b>")[0].removeprefix("<b>")
            for c in api.sent]
