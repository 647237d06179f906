"""User decisions respected by StoryIndex: splits (forbid) and merges; rebuilding from rows."""

from __future__ import annotations

import pytest

from newsdesk.records import Relation
from newsdesk.stories import StoryIndex, sign
from tests.stories.story_texts import candidate, read, with_chrome, without_spaces


@pytest.fixture
def original() -> str:
    return read("original_harbour_strike.txt")


def test_forbidden_article_does_not_go_back_to_its_story(original: str) -> None:
    index = StoryIndex()
    first, second = candidate(1, original), candidate(2, with_chrome(original))
    index.add(1, 10, sign(first), first.published)
    index.add(2, 10, sign(second), second.published)
    index.forbid(2, 10)
    assert index.assign(second, sign(second)).story_id is None


def test_copies_of_a_forbidden_article_do_not_go_back_either(original: str) -> None:
    index = StoryIndex()
    first, split = candidate(1, original), candidate(2, with_chrome(original))
    index.add(1, 10, sign(first), first.published)
    index.add(2, 10, sign(split), split.published)
    index.forbid(2, 10)
    index.add(2, 11, sign(split), split.published)  # the split article now leads story 11
    copy = candidate(3, without_spaces(original, 1.0))
    assignment = index.assign(copy, sign(copy))
    assert (assignment.story_id, assignment.relation) == (11, Relation.COPY)


def test_forbid_follows_merges(original: str) -> None:
    index = StoryIndex()
    first, second = candidate(1, original), candidate(2, with_chrome(original))
    index.add(1, 10, sign(first), first.published)
    index.forbid(2, 20)
    index.merge(10, 20)
    assert index.assign(second, sign(second)).story_id is None


def test_merged_story_members_count_for_the_target(original: str) -> None:
    index = StoryIndex()
    first = candidate(1, original)
    index.add(1, 10, sign(first), first.published)
    index.merge(10, 30)
    index.merge(30, 40)
    copy = candidate(2, with_chrome(original))
    assert index.assign(copy, sign(copy)).story_id == 40
    assert index.story_of(1) == 40


def test_index_rebuilt_from_stored_rows_assigns_the_same(original: str) -> None:
    texts = [
        original,
        read("different_event_same_names.txt"),
        read("update_harbour_strike_deal.txt"),
    ]
    rows = []
    live = StoryIndex()
    for article_id, text in enumerate(texts, start=1):
        item = candidate(article_id, text)
        signature = sign(item)
        rows.append((article_id, 100 + article_id, signature, item.published))
        live.add(*rows[-1])
    rebuilt = StoryIndex()
    for row in rows:
        rebuilt.add(*row)
    probes = [
        candidate(9, without_spaces(original, 0.7)),
        candidate(10, read("rewrite_harbour_strike.txt")),
        candidate(11, with_chrome(read("different_event_same_names.txt"))),
    ]
    assert len(rebuilt) == len(live) == 3
    for probe in probes:
        assert rebuilt.assign(probe, sign(probe)) == live.assign(probe, sign(probe))
    assert [rebuilt.assign(p, sign(p)).story_id for p in probes] == [101, 101, 102]


def test_adding_an_article_again_moves_it(original: str) -> None:
    index = StoryIndex()
    first = candidate(1, original)
    index.add(1, 10, sign(first), first.published)
    index.add(1, 12, sign(first), first.published)
    assert len(index) == 1
    assert index.story_of(1) == 12
