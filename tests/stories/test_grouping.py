"""StoryIndex.assign: copies and rewrites join the story, different events stay apart."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsdesk.records import Relation
from newsdesk.stories import StoryIndex, sign
from tests.stories.story_texts import (
    TUESDAY,
    candidate,
    read,
    truncated,
    with_chrome,
    without_spaces,
)

STORY = 100


@pytest.fixture
def original() -> str:
    return read("original_harbour_strike.txt")


@pytest.fixture
def index(original: str) -> StoryIndex:
    built = StoryIndex()
    first = candidate(1, original, publisher="Orsk News Agency")
    built.add(1, STORY, sign(first), first.published)
    return built


@pytest.mark.parametrize(
    "make_copy",
    [
        pytest.param(with_chrome, id="chrome"),
        pytest.param(lambda t: without_spaces(t, 0.5), id="half-the-spaces-lost"),
        pytest.param(lambda t: without_spaces(t, 1.0), id="all-spaces-lost"),
        pytest.param(lambda t: truncated(t, 2), id="truncated"),
        pytest.param(lambda t: with_chrome(without_spaces(truncated(t, 3), 0.8)), id="everything"),
    ],
)
def test_copies_join_the_story_as_copies(index: StoryIndex, original: str, make_copy) -> None:
    copy = candidate(2, make_copy(original))
    assignment = index.assign(copy, sign(copy))
    assert assignment.story_id == STORY
    assert assignment.relation is Relation.COPY


def test_copy_with_a_new_title_is_a_copy(index: StoryIndex, original: str) -> None:
    copy = candidate(2, original, title="Port paralysed: what the walkout means for you")
    assignment = index.assign(copy, sign(copy))
    assert (assignment.story_id, assignment.relation) == (STORY, Relation.COPY)


def test_rewrite_joins_the_story_as_rewrite(index: StoryIndex) -> None:
    rewrite = candidate(
        2, read("rewrite_harbour_strike.txt"), title="Velmora port strike strands 38 ships"
    )
    assignment = index.assign(rewrite, sign(rewrite))
    assert (assignment.story_id, assignment.relation) == (STORY, Relation.REWRITE)


def test_rewrite_outside_the_time_window_starts_a_new_story(index: StoryIndex) -> None:
    from datetime import timedelta

    late = TUESDAY + timedelta(days=9)
    rewrite = candidate(2, read("rewrite_harbour_strike.txt"), published=late)
    assert index.assign(rewrite, sign(rewrite)).story_id is None


@pytest.mark.parametrize(
    "name", ["different_event_same_names.txt", "update_harbour_strike_deal.txt"]
)
def test_other_event_with_the_same_names_on_the_same_day_stays_apart(
    index: StoryIndex, name: str
) -> None:
    other = candidate(2, read(name), title="Crane collapse at Velmora port injures three")
    assignment = index.assign(other, sign(other))
    assert assignment.story_id is None
    assert assignment.relation is Relation.ORIGINAL


def test_empty_index_starts_a_new_story(original: str) -> None:
    first = candidate(1, original)
    assert StoryIndex().assign(first, sign(first)).story_id is None


def test_a_copy_whose_lede_became_its_standfirst_is_a_copy(index: StoryIndex,
                                                           original: str) -> None:
    lede, rest = original.split("\n\n", 1)
    copy = replace(candidate(2, without_spaces(rest, 0.5)), summary=lede)
    assignment = index.assign(copy, sign(copy))
    assert (assignment.story_id, assignment.relation) == (STORY, Relation.COPY)


def test_a_republished_copy_with_dateline_chrome_and_damage_is_a_copy(index: StoryIndex,
                                                                      original: str) -> None:
    dated = f"orsknews.example, World Desk: {original}"
    copy = candidate(2, with_chrome(without_spaces(dated, 0.3)) + "\n\nSources: © Orsk News")
    assignment = index.assign(copy, sign(copy))
    assert (assignment.story_id, assignment.relation) == (STORY, Relation.COPY)
    assert assignment.score >= 0.9


def test_a_copy_without_the_originals_standfirst_is_a_copy(original: str) -> None:
    built = StoryIndex()
    first = replace(candidate(1, original),
                    summary="Thirty-eight ships wait at anchor as the port of Velmora stops.")
    built.add(1, STORY, sign(first), first.published)
    copy = candidate(2, with_chrome(original))
    assert built.assign(copy, sign(copy)).relation is Relation.COPY


def test_items_of_one_feed_sharing_a_word_and_a_phrase_stay_apart() -> None:
    index = StoryIndex()
    phrase = "Follow the Velmora Courier on Telegram for the latest news as it happens"
    for n, lede in enumerate(FEED_LEDES, start=1):
        item = candidate(n, f"BREAKING: {lede} {phrase}.", title=lede,
                         publisher="Velmora Courier")
        signature = index.sign(item)
        assert index.assign(item, signature).story_id is None, lede
        index.add(n, n, signature, item.published)


def test_a_site_posting_the_same_item_twice_is_a_copy() -> None:
    index = StoryIndex()
    text = f"BREAKING: {FEED_LEDES[0]} Follow the Velmora Courier on Telegram."
    first = candidate(1, text, publisher="Velmora Courier")
    index.add(1, STORY, index.sign(first), first.published)
    again = candidate(2, text, publisher="Velmora Courier")
    assert index.assign(again, index.sign(again)).relation is Relation.COPY


FEED_LEDES = [
    "Harbour board approves a new crane contract",
    "Storm closes the coast road between Velmora and Orsk",
    "Schoolchildren plant oaks on the old quarry site",
    "Night ferry to Skarra will run again from March",
    "Fishermen protest outside the council over herring quotas",
    "Retired postman finds a moth new to science",
    "Velmora library opens on Sundays from next month",
    "Lighthouse keepers' cottages to become a hostel",
]


def test_an_index_without_signatures_reads_its_candidates_through_fetch(original: str) -> None:
    index = StoryIndex(keep_signatures=False)
    first = candidate(1, original, publisher="Orsk News Agency")
    first_signature = sign(first)
    index.add(1, STORY, first_signature, first.published)
    other = candidate(2, "Ferry timetables change for the winter season. " * 12)
    other_signature = sign(other)
    for n in range(2, 4200):  # the later articles' signatures are kept, not the first's
        index.add(n, 1000 + n, other_signature, other.published)
    copy = candidate(5000, with_chrome(original))
    asked: list[int] = []

    def fetch(ids: list[int]) -> dict[int, object]:
        asked.extend(ids)
        return {i: first_signature if i == 1 else other_signature for i in ids}

    assert index.assign(copy, sign(copy)).story_id is None  # no fetch: passed over
    assignment = index.assign(copy, sign(copy), fetch=fetch)
    assert (assignment.story_id, assignment.relation) == (STORY, Relation.COPY)
    assert 1 in asked
