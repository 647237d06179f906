"""What a hostile page or a careless operator can make a reader see: direction overrides and
control characters never reach a title, a name or a page (the raw fetch keeps them); stored
HTML never runs; settings that would break paths or swell rows are refused."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from newsdesk.config import TelegramSettings
from newsdesk.display_text import without_controls
from newsdesk.opml import Outline, write_opml
from newsdesk.publish.publisher import StoryToPost
from newsdesk.publish.telegram import TelegramPublisher
from newsdesk.records import Article
from newsdesk.store import Store, open_store
from newsdesk.subscriptions import import_opml
from tests.hostile.conftest import Desk, one_sentence, run_newsdesk
from tests.hostile.servers import HostileSite
from tests.publish.conftest import TestClient, create_web_app

RLO, LRO, PDF, RLI, PDI = "\u202e", "\u202d", "\u202c", "\u2067", "\u2069"
SPOOFS = [RLO, LRO, PDF, RLI, PDI, "\u202a", "\u202b", "\u2066", "\u2068", "\x1b", "\x07",
          "\x00", "\x85", "\x9b", "\x7f"]
ZWNJ = "\u200c"  # Persian spelling needs it inside words: never stripped


def _spoofed(text: str) -> bool:
    return any(char in text for char in SPOOFS)


@pytest.mark.parametrize("char", SPOOFS)
def test_every_spoofing_character_is_stripped(char: str) -> None:
    assert without_controls(f"Ferry{char} report") == "Ferry report"


def test_newlines_tabs_and_right_to_left_marks_stay() -> None:
    text = f"می{ZWNJ}خواهد\u200f\n\tline\u200e two\u061c"
    assert without_controls(text) == text


SPOOFED_FEED = f"""<rss version="2.0"><channel><title>Harbour{RLO}Post{PDF}</title>
<item><title>Invoice{RLO}fdp.exe{PDF} for the port board</title><link>{{base}}/n/1</link>
<guid>n1</guid><author>desk@harbour.example (Ines{RLI}Farahani{PDI})</author></item>
</channel></rss>"""

SPOOFED_PAGE = f"""<html><head><title>Invoice{RLO}fdp.exe{PDF} for the port board</title>
</head><body><article><h1>Invoice{RLO}fdp.exe{PDF} for the port board</h1>
<p>The port board\x1b[31m published its invoice{LRO} on Monday, the treasurer said, and the
harbour office will pay it from the winter fund before the ferries return.</p>
<p>Councillor Ines Farahani said the invoice had been checked twice by the auditors of
the town and that the amount was the one agreed in March.</p></article></body></html>"""


def test_a_spoofed_title_is_clean_everywhere_it_is_shown(
    desk: Desk, outlet: HostileSite, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    outlet.page("/feed.xml", SPOOFED_FEED.replace("{base}", outlet.url("")),
                "application/rss+xml")
    outlet.page("/n/1", SPOOFED_PAGE)
    code, out, err = desk("sources", "add", outlet.url("/feed.xml"))
    assert code == 0, err
    assert not _spoofed(out)
    assert desk("poll", "--once")[0] == 0
    store = open_store(desk.db)
    try:
        [stored] = store.list_articles()
        assert stored.article.title == "Invoicefdp.exe for the port board"
        assert not _spoofed(json.dumps(asdict(stored.article), default=str))
        [source] = store.list_sources()
        assert source.name == "HarbourPost"
        raw = store.get_fetch(_fetch_id(store)).body
        assert RLO.encode() in raw  # the raw page keeps what it was sent
        _assert_clean_everywhere(store, stored.id)
    finally:
        store.close()
    for command in (("search", "invoice", "--json"), ("stories", "--json"),
                    ("sources", "list")):
        assert not _spoofed(desk(*command)[1]), command


def _fetch_id(store: Store) -> int:
    return next(fetch_id for _article, fetch_id in store.iter_fetched_articles())


def _assert_clean_everywhere(store: Store, article_id: int) -> None:
    with TestClient(create_web_app(store)) as client:
        story_id = client.get(f"/api/articles/{article_id}").json()["story_id"]
        for path in ("/", f"/articles/{article_id}", f"/stories/{story_id}", "/sources",
                     "/sources/1", "/search?q=invoice", "/api/stories",
                     f"/api/articles/{article_id}", "/api/sources", "/feeds/stories.rss",
                     "/feeds/stories.atom", "/feeds/stories.json", "/feeds/source/1.rss"):
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert not _spoofed(answer.text), path


def test_rows_stored_before_the_fix_are_clean_on_the_site(store: Store) -> None:
    old = Article(url="https://old.example/a", title=f"Invoice{RLO}fdp.exe", text="body",
                  publisher=f"Old{LRO}Wire")
    saved = store.save_article(old, source_id=None, fetch_id=None)
    story_id = store.create_story(old.title, saved.id)
    store.assign_story(saved.id, story_id, "original")
    with TestClient(create_web_app(store)) as client:
        for path in ("/", f"/articles/{saved.id}", f"/stories/{story_id}"):
            page = client.get(path).text
            assert "Invoicefdp.exe" in page and not _spoofed(page), path


def test_opml_names_and_folders_are_cleaned_on_import(tmp_path: Path) -> None:
    data = write_opml([
        Outline(url="https://one.example/feed", title=f"Evil{RLO}Wire{PDF}",
                folder=f"News/Ag{RLO}encies"),
        Outline(url="https://two.example/feed", title="x" * 100_000, folder="../../etc"),
    ])
    store = open_store(tmp_path / "opml.db")
    try:
        report = import_opml(store, data, allow_private=False, interval_s=600)
        assert len(report.added) == 2
        one, two = sorted(store.list_sources(), key=lambda s: s.url)
        assert (one.name, one.folder) == ("EvilWire", "News/Agencies")
        assert len(two.name) <= 200 and two.folder == "etc"
    finally:
        store.close()


@pytest.mark.parametrize(("assignment", "phrase"), [
    ("folder=../../x", "is not a folder path"),
    ("folder=/etc", "is not a folder path"),
    ("folder=News//Agencies", "is not a folder path"),
    ("folder=a/b/c/d/e/f/g/h/i", "folders deep"),
    (f"name=Evil{RLO}Wire", "must not contain control"),
    ("name=Bell\x07Wire", "must not contain control"),
    ("original_source=" + "A" * 100_000, "at most 200 are kept"),
    (f"original_source=Agency{RLO}", "must not contain control"),
    ("body_selector=" + "div " * 200, "at most 500 are kept"),
])
def test_settings_that_would_spoof_escape_or_swell_are_refused(
    desk: Desk, assignment: str, phrase: str,
) -> None:
    code, out, err = desk("sources", "add", "https://harbour.example/feed.xml", "--kind", "feed")
    assert code == 0, err
    code, _out, err = desk("sources", "set", "1", assignment)
    assert code == 2
    assert phrase in err and "Traceback" not in err
    code, out, _err = desk("sources", "show", "1", "--json")
    shown = json.loads(out)
    assert shown["folder"] is None and shown["name"] == "harbour.example"
    assert shown["settings"] == {}


def test_a_100_kb_setting_from_the_shell_is_one_sentence(tmp_path: Path) -> None:
    db = str(tmp_path / "desk.db")
    assert run_newsdesk("--db", db, "sources", "add", "https://harbour.example/feed",
                        "--kind", "feed").returncode == 0
    done = run_newsdesk("--db", db, "sources", "set", "1", "original_source=" + "B" * 100_000)
    assert done.returncode == 2
    assert "original_source: is 100,000 characters; at most 200 are kept" in one_sentence(
        done.stderr)


def test_names_given_to_sources_add_and_the_api_are_checked(desk: Desk) -> None:
    code, _out, err = desk("sources", "add", "https://harbour.example/feed", "--kind", "feed",
                           "--folder", "../secrets")
    assert code != 0 and "folder:" in err
    with TestClient(create_web_app(open_store(desk.db), api_token="t")) as client:
        answer = client.post("/api/sources", headers={"Authorization": "Bearer t"}, json={
            "url": "https://harbour.example/rss", "name": f"Harbour{RLO}", "kind": "feed"})
        assert answer.status_code == 422 and "name:" in answer.text


# What held before this suite and must keep holding.

XSS = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>",
       "<svg onload=alert(3)>", "javascript:alert(4)", "</title><script>alert(5)</script>"]


def test_stored_html_never_runs_on_any_page_or_feed(store: Store) -> None:
    source = store.add_source("https://bad.example/feed", name=XSS[1], kind="feed",
                              interval_s=600, folder=XSS[2])
    hostile = Article(url="https://bad.example/x", title=XSS[0] + XSS[4], summary=XSS[1],
                      text=XSS[2], publisher=XSS[1], canonical_url=XSS[3], image=XSS[3],
                      authors=[XSS[2]])
    saved = store.save_article(hostile, source_id=source.id, fetch_id=None)
    story_id = store.create_story(hostile.title, saved.id)
    store.assign_story(saved.id, story_id, "original")
    paths = ["/", f"/stories/{story_id}", f"/articles/{saved.id}", "/search?q=alert",
             "/sources", f"/sources/{source.id}", "/feeds/stories.rss", "/feeds/stories.atom",
             f"/feeds/source/{source.id}.atom", "/feeds/search.rss?q=alert"]
    with TestClient(create_web_app(store)) as client:
        for path in paths:
            body = client.get(path).text
            for tag in ("<script>alert", "<img src=x", "<svg onload", 'href="javascript:'):
                assert tag not in body, (path, tag)
        api = client.get(f"/api/articles/{saved.id}").json()
        assert api["title"] == XSS[0] + XSS[4]  # JSON carries text, not markup


def test_telegram_posts_escape_everything_but_their_own_tags() -> None:
    publisher = TelegramPublisher(TelegramSettings(bot_token="t", channel="@c"))
    post = publisher.compose(StoryToPost(
        story_id=1, title=XSS[0], summary=XSS[1], credit=XSS[2],
        link="https://bad.example/?a=\"", link_outlet=XSS[4], image=None,
        hashtags=(XSS[3],), language="en"))
    assert set(re.findall(r"<([a-z]+)", post.body)) <= {"b", "i", "a"}
    assert "&lt;script&gt;" in post.body


def test_search_queries_are_text_not_syntax(client_with_room: Any) -> None:
    client = client_with_room
    for query in ("'; DROP TABLE articles; --", "title:* OR 1=1", "\" AND (", "*", "a" * 200,
                  "NOT", "ferry) OR (", "%", "\\"):
        answer = client.get("/api/search", params={"q": query})
        assert answer.status_code == 200, (query, answer.text)
        assert client.get("/search", params={"q": query}).status_code == 200
    assert len(client.get("/api/articles").json()["articles"]) > 0  # still there


@pytest.fixture
def client_with_room(store: Store) -> Any:
    from tests.publish.newsroom import fill

    fill(store)
    with TestClient(create_web_app(store)) as client:
        yield client
