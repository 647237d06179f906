"""What the desk does to a story marks it changed (``updated_at``), so its posts on channels
are looked at again: hiding or showing it or its original, correcting a title or a credit."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from newsdesk.store import Store
from newsdesk.store.curation import credit_text
from tests.publish.newsroom import Newsroom, fill

Change = Callable[[Store, Newsroom], None]

CHANGES: dict[str, Change] = {
    "story hidden": lambda s, r: s.set_story_hidden(r.stories["ferry"], "hidden"),
    "story taken down": lambda s, r: s.set_story_hidden(r.stories["ferry"], "takedown"),
    "original hidden": lambda s, r: s.set_article_hidden(r.articles["ferry-orig"], "hidden"),
    "copy hidden": lambda s, r: s.set_article_hidden(r.articles["ferry-copy"], "hidden"),
    "title corrected": lambda s, r: s.correct_article(r.articles["ferry-orig"], "title",
                                                      "Skarra ferry sails", by="ada"),
    "credit corrected": lambda s, r: s.correct_article(
        r.articles["ferry-copy"], "credit", credit_text(None), by="ada"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_desk_change_marks_the_story_changed(store: Store, change: str) -> None:
    room = fill(store)
    before = store.get_story(room.stories["ferry"]).updated_at
    other = store.get_story(room.stories["moth"]).updated_at
    time.sleep(0.01)
    CHANGES[change](store, room)
    assert store.get_story(room.stories["ferry"]).updated_at > before
    assert store.get_story(room.stories["moth"]).updated_at == other


def test_showing_a_story_again_marks_it_changed(store: Store) -> None:
    room = fill(store)
    store.set_story_hidden(room.stories["moth"], "hidden")
    hidden_at = store.get_story(room.stories["moth"]).updated_at
    time.sleep(0.01)
    store.set_story_hidden(room.stories["moth"], None)
    assert store.get_story(room.stories["moth"]).updated_at > hidden_at
