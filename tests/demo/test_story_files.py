"""The story data files: the bundled set loads, and a broken file is named in a DemoError."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.demo import DemoError
from newsdesk.demo._catalog import load_stories

TESTDATA = Path(__file__).parent / "testdata"


def test_bundled_stories_load_and_share_events_across_outlets() -> None:
    stories = load_stories()
    assert len(stories) >= 12
    carried_by_all = [
        s for s in stories if s.meridian and s.lantern_credit and s.telegram and s.harbor
    ]
    assert len(carried_by_all) >= 2
    assert {s.harbor.language for s in stories if s.harbor} >= {"en", "fa", "ar"}


@pytest.mark.parametrize(
    ("case", "named_file"),
    [
        ("missing_title", "harbor-only-story.json"),
        ("telegram_links_to_absent_outlet", "agency-only-story.json"),
        ("broken_json", "truncated-story.json"),
    ],
)
def test_malformed_story_file_is_named_in_the_error(case: str, named_file: str) -> None:
    with pytest.raises(DemoError, match=named_file):
        load_stories(TESTDATA / case)


def test_folder_without_stories_is_an_error() -> None:
    with pytest.raises(DemoError, match="No story files"):
        load_stories(TESTDATA / "empty_folder")
