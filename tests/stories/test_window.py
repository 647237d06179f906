"""The index holds recent days only: older ones are forgotten, visited again for a late
article, and memory stays bounded (keys, sites, decoded candidates)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
import rensa
from bench.scale.network import article_text

from newsdesk.records import Relation
from newsdesk.stories import Signature, StoryCandidate, StoryIndex
from newsdesk.stories import index as index_module
from newsdesk.stories.keymap import KeyMap, band_keys

START = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)


def _candidate(article_id: int, story: int, outlet: str, published: datetime | None,
               ) -> StoryCandidate:
    title, body = article_text(900, story)
    return StoryCandidate(article_id=article_id, title=title, summary="", text="\n\n".join(body),
                          published=published, publisher=outlet,
                          url=f"https://{outlet}.example/{story}", original_source=None)


def _place(index: StoryIndex, item: StoryCandidate) -> tuple[int, Signature]:
    signature = index.sign(item)
    assignment = index.assign(item, signature)
    story = assignment.story_id if assignment.story_id is not None else item.article_id
    index.add(item.article_id, story, signature, item.published)
    return story, signature


def _days_of_news(index: StoryIndex, days: int, per_day: int = 3, first_id: int = 1000,
                  ) -> dict[int, tuple[StoryCandidate, Signature]]:
    """``days`` days of unrelated articles, in publication order; what was placed."""
    placed = {}
    for n in range(days * per_day):
        item = _candidate(first_id + n, 5000 + n, "filler",
                          START + timedelta(hours=24 * n / per_day))
        placed[item.article_id] = (item, _place(index, item)[1])
    return placed


def test_days_older_than_the_window_are_forgotten() -> None:
    index = StoryIndex()
    _days_of_news(index, days=12)
    held = index.footprint()
    assert len(index) <= 6 * 3  # window 3 days + slack 1 day, counted in whole days
    assert held["days"] <= 6 and held["visited_days"] == 0
    assert index.story_of(1000) is None  # the first day's article is gone
    assert index.story_of(1000 + 12 * 3 - 1) is not None  # the newest is held
    assert index.first_held_day() == (START + timedelta(days=12 - 1 / 3 - 4)).toordinal()


def test_an_index_without_slack_forgets_nothing() -> None:
    index = StoryIndex(slack=None)
    _days_of_news(index, days=8, per_day=2)
    assert len(index) == 16 and index.first_held_day() is None


def _a_story_and_ten_days_after(index: StoryIndex,
                                ) -> tuple[int, dict[int, tuple[StoryCandidate, Signature]],
                                           StoryCandidate]:
    """An original (article 1), ten days of other news after it, and a late copy of it."""
    original = _candidate(1, 1, "harbourpost", START)
    story, _ = _place(index, original)
    placed = _days_of_news(index, days=10)
    placed[1] = (original, index.sign(original))
    return story, placed, _candidate(2, 1, "valleywire", START + timedelta(hours=2))


def test_a_late_copy_finds_its_story_once_its_days_are_visited() -> None:
    index = StoryIndex()
    story, placed, late = _a_story_and_ten_days_after(index)
    assert index.assign(late, index.sign(late)).story_id is None  # forgotten, not visited
    days = index.days_to_visit(late.published)
    assert START.toordinal() in days and len(days) == 7
    for day in days:
        index.visit([day], [(i, story if i == 1 else i, s, c.published)
                          for i, (c, s) in placed.items()
                          if c.published is not None and c.published.toordinal() == day])
    assert index.days_to_visit(late.published) == []
    asked: list[int] = []

    def fetch(ids: list[int]) -> dict[int, Signature]:
        asked.extend(ids)
        return {i: placed[i][1] for i in ids}

    assignment = index.assign(late, index.sign(late), fetch)
    assert (assignment.story_id, assignment.relation) == (story, Relation.COPY)
    assert 1 in asked  # held thinly: its signature was read through fetch


@pytest.mark.parametrize("batch", [65_536, 50])  # 50: a day's keys go in several batches
def test_a_late_article_s_days_are_visited_at_once_from_rows_in_any_order(
    batch: int, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(index_module, "_VISIT_BATCH", batch)
    index = StoryIndex()
    story, placed, late = _a_story_and_ten_days_after(index)
    days = index.days_to_visit(late.published)
    held = len(index)
    rows = [(i, story if i == 1 else i, s, c.published) for i, (c, s) in placed.items()
            if c.published is not None]
    random.Random(3).shuffle(rows)
    index.visit(days, iter(rows))  # every day's rows: those of days held already pass over
    assert index.days_to_visit(late.published) == []
    assert index.footprint()["visited_days"] == len(days)
    assert len(index) - held == sum(r[3].toordinal() in days for r in rows)
    assignment = index.assign(late, index.sign(late), lambda ids: {i: placed[i][1] for i in ids})
    assert (assignment.story_id, assignment.relation) == (story, Relation.COPY)


def _visited(index: StoryIndex) -> tuple[int, dict[int, tuple[StoryCandidate, Signature]],
                                          StoryCandidate]:
    """`_a_story_and_ten_days_after`, with the late copy's days visited."""
    story, placed, late = _a_story_and_ten_days_after(index)
    index.visit(index.days_to_visit(late.published),
                [(i, story if i == 1 else i, s, c.published) for i, (c, s) in placed.items()])
    return story, placed, late


def test_an_article_held_thinly_can_be_split_out_and_moved() -> None:
    index = StoryIndex()
    story, placed, late = _visited(index)

    def fetch(ids: list[int]) -> dict[int, Signature]:
        return {i: placed[i][1] for i in ids}

    assert index.story_of(1) == story
    index.forbid(1, story)  # a user split the original out of its story
    assert index.story_of(1) is None
    assert index.assign(late, index.sign(late), fetch).story_id is None
    index.add(1, 77, placed[1][1], placed[1][0].published)  # placed again, same text
    assert index.story_of(1) == 77
    assert index.assign(late, index.sign(late), fetch).story_id == 77


def test_an_article_held_thinly_added_with_a_new_text_is_held_anew() -> None:
    index = StoryIndex()
    _, placed, late = _visited(index)
    other = _candidate(1, 40, "harbourpost", START)  # article 1 rewritten to another story
    index.add(1, 88, index.sign(other), START)
    assert index.story_of(1) == 88

    def fetch(ids: list[int]) -> dict[int, Signature]:  # the store has article 1's new text
        return {i: index.sign(other) if i == 1 else placed[i][1] for i in ids}

    assert index.assign(late, index.sign(late), fetch).story_id is None
    copy = _candidate(3, 40, "valleywire", START + timedelta(hours=1))
    assert index.assign(copy, index.sign(copy), fetch).story_id == 88


def test_visited_days_are_bounded_and_least_recent_go_first() -> None:
    index = StoryIndex()
    _days_of_news(index, days=30, per_day=1)
    first = index.first_held_day()
    assert first is not None
    for day in range(first - 20, first):
        index.visit([day], [])
    assert index.footprint()["visited_days"] == 8  # a late article's 7 days, and one more
    assert index.days_to_visit(_noon(first - 4)) == []  # the last 8 visited are held
    assert index.days_to_visit(_noon(first - 21)) == list(range(first - 24, first - 17))


def _noon(day: int) -> datetime:
    return datetime.fromordinal(day).replace(hour=12, tzinfo=UTC)


def test_a_wrong_future_date_does_not_empty_the_index() -> None:
    index = StoryIndex()
    _days_of_news(index, days=2)
    before = len(index)
    _place(index, _candidate(1, 1, "harbourpost", datetime.now(UTC) + timedelta(days=400)))
    assert len(index) == before + 1


def test_undated_articles_are_held_and_compared_with_every_day() -> None:
    index = StoryIndex()
    story, _ = _place(index, _candidate(1, 1, "harbourpost", START))
    copy = _candidate(2, 1, "valleywire", None)
    assert index.assign(copy, index.sign(copy)).story_id == story
    index.add(2, story, index.sign(copy), None)
    _days_of_news(index, days=10)
    assert index.story_of(2) is None  # undated: forgotten with the day it arrived


def test_sites_remembered_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "_MAX_SITES", 5)
    index = StoryIndex()
    for n in range(12):
        _place(index, _candidate(n, n, f"outlet{n}", START))
    assert index.footprint()["sites"] == 5


def test_decoded_candidates_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "_DECODED_KEPT", 4)
    index = StoryIndex()
    for n in range(10):
        _place(index, _candidate(n, 1, f"outlet{n}", START))  # copies: each a candidate
    assert len(index._decoded_cache) <= 4


def test_keymap_finds_what_rensa_lsh_finds() -> None:
    rng = random.Random(5)
    words = [f"w{n}" for n in range(400)]
    lsh, keys = rensa.RMinHashLSH(0.7, 128, 32), KeyMap()
    sketches = []
    for n in range(6000):  # enough to merge the recent pairs into the arrays
        sketch = rensa.RMinHash(128, 11)
        sketch.update(rng.sample(words, 50) if n % 3 else [f"u{n}:{k}" for k in range(40)])
        sketches.append(sketch)
        lsh.insert(n, sketch)
        keys.add(band_keys(sketch.digest(), 32).tolist(), n)
    assert len(keys) == 6000 * 32
    for n in range(0, 6000, 37):
        assert keys.any_of(band_keys(sketches[n].digest(), 32)) == set(lsh.query(sketches[n]))


def test_keymap_groups_ids_by_key_across_merged_and_recent_pairs() -> None:
    keys = KeyMap()
    for n in range(5000):
        keys.add([n % 7, 100 + n % 3], n)
    keys.add([3, 999], 5000)
    found = dict(keys.groups(np.array([3, 999, 12345, 101], dtype=np.uint64)))
    assert sorted(found) == [3, 101, 999]
    assert sorted(found[3]) == [n for n in range(5000) if n % 7 == 3] + [5000]
    assert found[999] == [5000] and len(found[101]) == len(range(1, 5000, 3))


def test_keymap_takes_many_pairs_at_once_as_it_takes_them_one_by_one() -> None:
    rng = random.Random(9)
    pairs = [(rng.randrange(50), n) for n in range(3000) for _ in range(3)]
    one, many = KeyMap(), KeyMap()
    for key, n in pairs[:100]:  # pairs not yet merged, then many at once
        one.add([key], n)
        many.add([key], n)
    for key, n in pairs[100:]:
        one.add([key], n)
    many.extend(np.array([k for k, _ in pairs[100:]], dtype=np.uint64),
                np.array([n for _, n in pairs[100:]]))
    probe = np.arange(60, dtype=np.uint64)
    assert len(one) == len(many) == len(pairs)
    assert dict(one.groups(probe)) == dict(many.groups(probe))


def test_keymap_keeps_ids_past_32_bits_both_ways_in() -> None:
    big = [2**32 + 7, 2**40, 2**62]
    one, many = KeyMap(), KeyMap()
    for n in range(5000):  # merged into the arrays as 32-bit ids first
        one.add([n % 5], n)
    many.extend(np.arange(5000, dtype=np.uint64) % 5, np.arange(5000))
    for keymap in (one, many):
        for article_id in big:
            keymap.add([3, 2**63 + article_id], article_id)
        keymap.extend(np.array([3], dtype=np.uint64), np.array([2**50]))  # merges all
        found = dict(keymap.groups(np.array([3, 2**63 + 2**40], dtype=np.uint64)))
        assert sorted(found.pop(3)) == sorted([*range(3, 5000, 5), *big, 2**50])
        assert list(found.values()) == [[2**40]]


def test_visited_days_not_used_for_a_while_are_left(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "_VISIT_KEPT", 5)
    index = StoryIndex()
    _days_of_news(index, days=10, per_day=1)
    first = index.first_held_day()
    assert first is not None
    index.visit([first - 3], [])
    assert index.footprint()["visited_days"] == 1
    _days_of_news(index, days=1, per_day=6, first_id=9000)  # six placements later
    assert index.footprint()["visited_days"] == 0
