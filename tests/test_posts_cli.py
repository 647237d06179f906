"""`newsdesk posts`: the posting queue from the terminal, one line per channel, then posts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk import cli
from newsdesk.store import open_store
from tests.publish.newsroom import fill

WORDPRESS = "wordpress:https://news.example"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "newsdesk.db")
    store = open_store(path)
    room = fill(store)
    store.claim_post(room.stories["ferry"], WORDPRESS, datetime.now(UTC))
    store.mark_post_sent(room.stories["ferry"], WORDPRESS, "1207", "h")
    store.claim_post(room.stories["moth"], WORDPRESS, datetime.now(UTC))
    store.mark_post_failed(room.stories["moth"], WORDPRESS, "POST /wp/v2/posts: WordPress"
                           " refused (401 rest_not_logged_in); check NEWSDESK_WORDPRESS_USER",
                           None)
    store.skip_post(room.stories["rtl"], "telegram:@news", "hidden on the desk")
    store.close()
    return path


def test_each_channel_has_a_status_line_then_its_posts(
        db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", db, "posts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["telegram:@news: 1 skipped",
                         f"{WORDPRESS}: 1 sent, 1 failed"]
    table = "\n".join(lines[3:])
    assert "STORY  CHANNEL" in table
    assert "failed   1      " in table and "401 rest_not_logged_in" in table
    assert "sent     1      1207" in table


def test_posts_filter_by_state_and_speak_json(db: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", db, "posts", "--state", "failed", "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["channels"][WORDPRESS] == {"sent": 1, "failed": 1}
    (failed,) = said["posts"]
    assert failed["state"] == "failed" and failed["attempts"] == 1
    assert failed["last_error"].startswith("POST /wp/v2/posts: WordPress refused (401")


def test_an_empty_queue_says_how_posting_starts(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", str(tmp_path / "empty.db"), "posts"]) == 0
    assert "Nothing posted yet" in capsys.readouterr().out
