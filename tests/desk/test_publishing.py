"""The desk's publishing page: each channel's queue by state with last errors and attempts,
which stories each channel takes, and skip, post now and retry (audited)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from newsdesk.config import TelegramSettings, WordPressSettings
from newsdesk.desk import accounts
from newsdesk.store import Store
from tests.desk.conftest import ADMIN, EDITOR, PASSWORDS, log_in, make_app, post, web_client
from tests.publish.newsroom import Newsroom

WORDPRESS = "wordpress:https://news.example"
TELEGRAM = "telegram:@gullhaven_news"


@pytest.fixture
def queue(store: Store, room: Newsroom) -> Newsroom:
    """Ferry sent to both channels; moth held on Telegram, failed twice on WordPress;
    the Persian story skipped on WordPress; the council story's delivery unknown."""
    soon = datetime.now(UTC) + timedelta(minutes=4)
    for channel in (TELEGRAM, WORDPRESS):
        store.claim_post(room.stories["ferry"], channel, datetime.now(UTC))
    store.mark_post_sent(room.stories["ferry"], TELEGRAM, "41", "h1")
    store.mark_post_sent(room.stories["ferry"], WORDPRESS, "1207", "h2")
    store.hold_post(room.stories["moth"], TELEGRAM, soon)
    moth = room.stories["moth"]
    for _ in range(2):
        store.post_now(moth, WORDPRESS)
        assert store.claim_post(moth, WORDPRESS, datetime.now(UTC))
        store.mark_post_failed(moth, WORDPRESS, "POST /wp/v2/posts: WordPress refused (403"
                               " rest_cannot_create); give them the Editor role",
                               soon)
    store.skip_post(room.stories["rtl"], WORDPRESS, "its language (fa) is not one of the"
                    " channel's")
    store.claim_post(room.stories["council"], TELEGRAM, datetime.now(UTC))
    store.mark_post_unknown(room.stories["council"], TELEGRAM, "sendMessage: TimeoutError")
    return room


@pytest.fixture
def editor(store: Store, queue: Newsroom, tmp_path: Path) -> Iterator[Any]:
    """An editor on a desk whose server posts to Telegram and WordPress."""
    accounts.add_user(store, ADMIN, "admin", PASSWORDS[ADMIN], actor="test")
    accounts.add_user(store, EDITOR, "editor", PASSWORDS[EDITOR], actor="test")
    app = make_app(store, tmp_path)
    app.config = replace(
        app.config,
        telegram=TelegramSettings(bot_token="1:x", channel="@gullhaven_news",
                                  languages=frozenset({"en"})),
        wordpress=WordPressSettings(url="https://news.example/", user="desk",
                                    app_password="secret words here", status="draft",
                                    folders=frozenset({"Regions"}), exclude=("horoscope",)))
    with web_client(app) as client:
        log_in(client, EDITOR)
        yield client


def rows(page: str) -> list[str]:
    """Each queue row's text, squeezed."""
    body = page.split("<tbody>")[-1].split("</tbody>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in body.split("<tr>")[1:]]


def test_each_channel_shows_its_queue_and_rules(editor: Any, queue: Newsroom) -> None:
    page = editor.get("/desk/publishing")
    assert page.status_code == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", page.text).split())
    assert ("WordPress https://news.example 0 held · 0 pending · 0 sending · 1 sent · 1 failed"
            " · 1 skipped") in text
    assert "Telegram @gullhaven_news 1 held · 0 pending · 1 sending · 1 sent" in text
    assert "folders Regions" in text and "never with horoscope" in text
    assert "new posts draft" in text and "languages en" in text
    assert "secret words" not in page.text
    assert len(rows(page.text)) == 6
    assert 'href="https://news.example/?p=1207"' in page.text  # the sent post, on the site
    assert 'href="https://t.me/gullhaven_news/41"' in page.text
    assert 'aria-current="page">Publishing</a>' in page.text


def test_the_queue_filters_by_channel_and_state(editor: Any, queue: Newsroom) -> None:
    failed = rows(editor.get("/desk/publishing", params={"channel": WORDPRESS,
                                                         "state": "failed"}).text)
    assert failed == [
        "Retired teacher finds a new moth WordPress https://news.example failed 2 POST"
        " /wp/v2/posts: WordPress refused (403 rest_cannot_create); give them the Editor role"
        " retried in 4 min Post now Retry Skip"]
    held = rows(editor.get("/desk/publishing", params={"state": "held"}).text)
    assert len(held) == 1 and "Telegram @gullhaven_news held 0" in held[0]
    assert "goes out in 4 min" in held[0]
    unknown = rows(editor.get("/desk/publishing", params={"state": "sending"}).text)
    assert "delivery unknown: sendMessage: TimeoutError" in unknown[0]
    assert unknown[0].endswith("Retry")


def test_skip_post_now_and_retry_change_the_queue_and_are_audited(
        editor: Any, store: Store, queue: Newsroom) -> None:
    moth, rtl = queue.stories["moth"], queue.stories["rtl"]
    done = post(editor, f"/desk/publishing/{moth}/skip", {"channel": TELEGRAM})
    assert done.status_code == 303
    assert store.channel_post(moth, TELEGRAM).state == "skipped"  # type: ignore[union-attr]
    assert "will not be posted" in editor.get(done.headers["location"]).text
    post(editor, f"/desk/publishing/{rtl}/now", {"channel": WORDPRESS})
    assert store.channel_post(rtl, WORDPRESS).state == "pending"  # type: ignore[union-attr]
    post(editor, f"/desk/publishing/{moth}/retry", {"channel": WORDPRESS})
    retried = store.channel_post(moth, WORDPRESS)
    assert retried is not None and retried.state == "pending" and retried.not_before is None
    entries = [(e.actor, e.action, e.target, e.detail)
               for e in store.audit_entries(limit=10, action="post")]
    assert entries == [(EDITOR, "post.retry", f"story {moth}", WORDPRESS),
                       (EDITOR, "post.now", f"story {rtl}", WORDPRESS),
                       (EDITOR, "post.skip", f"story {moth}", TELEGRAM)]


def test_a_new_story_can_be_posted_now_on_a_channel_of_this_desk(
        editor: Any, store: Store, queue: Newsroom) -> None:
    council = queue.stories["council"]
    assert post(editor, f"/desk/publishing/{council}/now",
                {"channel": WORDPRESS}).status_code == 303
    assert store.channel_post(council, WORDPRESS).state == "pending"  # type: ignore[union-attr]
    refused = post(editor, f"/desk/publishing/{council}/now", {"channel": "wordpress:https://x"})
    assert refused.status_code == 404


def test_what_cannot_be_done_is_refused_with_the_reason(editor: Any, store: Store,
                                                         queue: Newsroom) -> None:
    ferry = queue.stories["ferry"]
    sent = post(editor, f"/desk/publishing/{ferry}/retry", {"channel": WORDPRESS})
    assert sent.status_code == 409
    assert "Only a failed post, or one whose delivery is unknown" in sent.text
    skipped = post(editor, f"/desk/publishing/{ferry}/skip", {"channel": TELEGRAM})
    assert skipped.status_code == 409 and "it is sent or being sent" in skipped.text
    missing = post(editor, f"/desk/publishing/{queue.stories['rtl']}/skip",
                   {"channel": TELEGRAM})
    assert missing.status_code == 404
    assert store.audit_entries(limit=10, action="post") == []


def test_the_way_back_stays_on_the_publishing_page(editor: Any, queue: Newsroom) -> None:
    moth = queue.stories["moth"]
    done = post(editor, f"/desk/publishing/{moth}/skip",
                {"channel": TELEGRAM, "back": "https://evil.example/desk/publishing"})
    assert done.headers["location"] == "/desk/publishing"
    back = "/desk/publishing?channel=telegram%3A%40gullhaven_news&state=held"
    done = post(editor, f"/desk/publishing/{moth}/now", {"channel": TELEGRAM, "back": back})
    assert done.headers["location"] == back


def test_the_health_page_says_how_each_channel_is_doing(editor: Any) -> None:
    text = " ".join(re.sub(r"<[^>]+>", "", editor.get("/desk").text).split())
    assert (f"Posting{TELEGRAM}: 1 sent, 1 waiting, 0 failed; {WORDPRESS}: 1 sent, 0 waiting,"
            " 1 failed") in text
