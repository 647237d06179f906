"""The desk in a real browser: Playwright drives Debian's Chromium against a real uvicorn
server on 127.0.0.1 with a real store. An admin logs in, adds a source served by a local
HTTP server, uploads an OPML file, hides an article and sees it gone from the site and the
feeds, merges two stories, and logs out.

Skips without /usr/bin/chromium, except in CI (CI=true), where it fails. Screenshots go to
./screenshots when NEWSDESK_SCREENSHOTS is set.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from newsdesk.desk import accounts, add_desk
from newsdesk.publish import create_web_app
from newsdesk.store import Store, open_store
from tests.desk.conftest import ADMIN, PASSWORDS, make_app
from tests.publish.newsroom import Newsroom, fill
from tests.sites import StaticSite

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
DATA = Path(__file__).parent / "testdata"
MOTH = "Retired teacher finds a new moth"


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install the Debian package 'chromium'"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI requires it)")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Store, Newsroom]]:
    """The site and desk on a real server, over a filled SQLite store with one admin."""
    store = open_store(tmp_path / "newsdesk.db")
    room = fill(store)
    accounts.add_user(store, ADMIN, "admin", PASSWORDS[ADMIN], actor="test")
    app = make_app(store, tmp_path)  # may fetch from 127.0.0.1: the fixture site below
    web = create_web_app(store)
    add_desk(web, app)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(web, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store, room
    server.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture
def page(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=FLAGS,
                                             headless=True)
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        yield context.new_page()
        context.close()
        browser.close()


def shot(page: Any, name: str) -> None:
    if os.environ.get("NEWSDESK_SCREENSHOTS"):
        Path("screenshots").mkdir(exist_ok=True)
        page.screenshot(path=f"screenshots/desk-{name}.png", full_page=True)


def test_an_admin_runs_the_site_from_the_desk(page: Any, served: tuple[str, Store, Newsroom],
                                               static_site: StaticSite) -> None:
    base, store, room = served
    static_site.pages["/rss.xml"] = (200, "application/rss+xml",
                                     (DATA / "rss_two_items.xml").read_bytes())

    # log in: the desk sends an anonymous visitor to the login form, then back
    page.goto(f"{base}/desk/sources")
    assert page.url.startswith(f"{base}/desk/login")
    page.fill("#name", ADMIN)
    page.fill("#password", PASSWORDS[ADMIN])
    page.click("button:has-text('Log in')")
    assert page.url == f"{base}/desk/sources"
    assert page.inner_text("h1") == "Sources"
    shot(page, "sources")

    # add a source: the address is fetched once to find its kind and name
    page.click("text=Add a source")
    page.fill("#url", static_site.url("/rss.xml"))
    page.fill("#folder", "Local")
    page.click("button:has-text('Add the source')")
    assert "Now following Velmora Courier (feed)" in page.inner_text(".note")
    assert [s.name for s in store.list_sources()][-1] == "Velmora Courier"

    # upload an OPML file and read the import report
    page.goto(f"{base}/desk/sources/import")
    page.set_input_files("#file", str(DATA / "reading_list_with_a_bad_entry.opml"))
    page.click("button:has-text('Import')")
    report = page.inner_text("section.report")
    assert "3 added, 0 already followed, 1 rejected" in report
    assert "ftp://files.lantern.example/feed" in report
    shot(page, "opml-report")

    # hide an article: it leaves the site and the feeds
    page.goto(f"{base}/")
    assert MOTH in page.inner_text("main")
    page.goto(f"{base}/desk/articles")
    page.click(f"text={MOTH}")
    page.fill("#hide-reason", "the moth was a leaf")
    page.click("button:has-text('Hide this article')")
    assert "The article is hidden" in page.inner_text(".note")
    page.goto(f"{base}/")
    assert MOTH not in page.inner_text("main")
    for feed in ("/feeds/stories.rss", "/feeds/stories.atom", "/feeds/stories.json"):
        assert MOTH not in page.request.get(base + feed).text(), feed
    assert page.request.get(f"{base}/articles/{room.articles['moth']}").status == 404

    # merge two stories: the council story folds into the ferry story
    page.goto(f"{base}/desk/stories")
    page.click("text=Council votes on the harbour wall")
    page.fill("#into", str(room.stories["ferry"]))
    page.click("button:has-text('Merge')")
    assert page.url == f"{base}/desk/stories/{room.stories['ferry']}"
    assert "merged into" in page.inner_text(".note")
    assert store.get_story(room.stories["ferry"]).article_count == 4
    page.goto(f"{base}/stories/{room.stories['ferry']}")
    assert "Council votes on the harbour wall" in page.inner_text("main")
    shot(page, "merged-story")

    # log out: the desk is closed again
    page.goto(f"{base}/desk")
    page.click("button:has-text('Log out')")
    assert page.url == f"{base}/desk/login"
    assert "You are logged out." in page.inner_text(".note")
    page.goto(f"{base}/desk/stories")
    assert page.url.startswith(f"{base}/desk/login")
    assert [e.action for e in store.audit_entries(limit=6)] == [
        "logout", "story.merge", "article.hide", "source.import", "source.add", "login"]
