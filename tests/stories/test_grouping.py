"""StoryIndex.assign: copies and rewrites join the story, different events stay apart."""

from __future__ import annotations

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
