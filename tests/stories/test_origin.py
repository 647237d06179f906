"""choose_original: the credited outlet's article, else the earliest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.records import Credit
from newsdesk.stories import OriginCandidate, StoriesError, choose_original

NOON = datetime(2025, 4, 8, 12, 0, tzinfo=UTC)


def member(
    article_id: int, publisher: str | None, minutes: int, credit: str | None = None
) -> OriginCandidate:
    when = NOON + timedelta(minutes=minutes)
    return OriginCandidate(
        article_id=article_id,
        publisher=publisher,
        original_source=Credit(credit) if credit else None,
        published=when,
        first_seen=when,
    )


def test_credited_outlet_wins_over_an_earlier_copy() -> None:
    members = [
        member(1, "Daily Kessa", 0, credit="Orsk News Agency"),
        member(2, "orsk  news agency", 20),
        member(3, "Velmora Post", 40, credit="ORSK News  Agency"),
    ]
    assert choose_original(members) == 2


def test_earliest_published_when_nobody_is_credited() -> None:
    members = [member(1, "Daily Kessa", 30), member(2, "Velmora Post", 5), member(3, None, 50)]
    assert choose_original(members) == 2


def test_credit_to_an_outlet_not_in_the_story_falls_back_to_earliest() -> None:
    members = [member(1, "Daily Kessa", 30, credit="Serin Wire"), member(2, "Velmora Post", 5)]
    assert choose_original(members) == 2


def test_undated_member_is_placed_by_first_seen() -> None:
    undated = OriginCandidate(4, "Kessa Radio", None, None, NOON - timedelta(hours=1))
    assert choose_original([member(1, "Daily Kessa", 0), undated]) == 4


def test_empty_story_is_a_clear_error() -> None:
    with pytest.raises(StoriesError):
        choose_original([])
