"""Poll timing: adapted to news, bounded, backed off on errors, Retry-After honoured."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from newsdesk.config import PollPolicy
from newsdesk.jobs import schedule

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
POLICY = PollPolicy(min_interval_s=60, max_interval_s=3600, max_backoff_s=6 * 3600)


def _rng() -> random.Random:
    return random.Random(7)


def test_news_shortens_silence_lengthens() -> None:
    sooner = schedule.after_success(POLICY, 600, 3, {}, NOW, _rng())
    later = schedule.after_success(POLICY, 600, 0, {}, NOW, _rng())
    assert sooner.interval_s < 600 < later.interval_s
    assert NOW < sooner.at < later.at


def test_interval_stays_within_bounds_and_source_overrides() -> None:
    interval = 600.0
    for _ in range(50):
        interval = schedule.after_success(POLICY, interval, 5, {}, NOW, _rng()).interval_s
    assert interval == 60
    for _ in range(50):
        interval = schedule.after_success(POLICY, interval, 0, {}, NOW, _rng()).interval_s
    assert interval == 3600
    own = schedule.after_success(POLICY, 600, 0, {"max_interval": 700}, NOW, _rng())
    assert own.interval_s == 700


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    delays = [
        (schedule.after_failure(POLICY, 600, n, None, NOW, _rng()).at - NOW).total_seconds()
        for n in (1, 2, 3, 20)
    ]
    assert 480 <= delays[0] <= 720
    assert 960 <= delays[1] <= 1440
    assert 1920 <= delays[2] <= 2880
    assert delays[3] <= 6 * 3600 * 1.2


def test_retry_after_is_honoured_when_longer() -> None:
    nxt = schedule.after_failure(POLICY, 60, 1, retry_after=3000, now=NOW, rng=_rng())
    assert nxt.at - NOW >= timedelta(seconds=3000 * 0.8)
