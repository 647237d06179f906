"""When a source is polled next: adapted to how often it publishes, backed off on errors."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsdesk.config import PollPolicy

SPEED_UP = 0.7  # a poll that found news shortens the interval by this factor
SLOW_DOWN = 1.3  # a poll that found nothing lengthens it by this factor
JITTER = 0.2  # ±20 %, so sources added together do not stay in lock-step


@dataclass(frozen=True, slots=True)
class NextPoll:
    at: datetime
    interval_s: float


def after_success(
    policy: PollPolicy, interval_s: float, new_items: int, settings: dict[str, object],
    now: datetime | None = None, rng: random.Random | None = None,
) -> NextPoll:
    """Poll sooner after news, later after silence, always within the source's bounds."""
    low, high = bounds(policy, settings)
    factor = SPEED_UP if new_items else SLOW_DOWN
    interval = min(high, max(low, interval_s * factor))
    return NextPoll(_at(now, interval, rng), interval)


def after_failure(
    policy: PollPolicy, interval_s: float, failures: int, retry_after: float | None = None,
    now: datetime | None = None, rng: random.Random | None = None,
) -> NextPoll:
    """Exponential backoff with jitter; a server's Retry-After is honoured when longer."""
    delay = min(policy.max_backoff_s, max(interval_s, policy.min_interval_s) * 2 ** (failures - 1))
    if retry_after is not None:
        delay = max(delay, min(retry_after, policy.max_backoff_s))
    return NextPoll(_at(now, delay, rng), interval_s)


def bounds(policy: PollPolicy, settings: dict[str, object]) -> tuple[float, float]:
    """A source's own interval bounds (settings ``min_interval``/``max_interval``), else the
    policy's."""
    low = float(settings.get("min_interval") or policy.min_interval_s)  # type: ignore[arg-type]
    high = float(settings.get("max_interval") or policy.max_interval_s)  # type: ignore[arg-type]
    return low, max(low, high)


def _at(now: datetime | None, delay_s: float, rng: random.Random | None) -> datetime:
    spread = (rng or random).uniform(1 - JITTER, 1 + JITTER)
    return (now or datetime.now(UTC)) + timedelta(seconds=delay_s * spread)
