"""Headless Chromium reads the running site: home, story, article, search, right to left.

Skips without /usr/bin/chromium, except in CI (CI=true), where it fails. Screenshots go to a
temporary folder, and to ./screenshots when NEWSDESK_SCREENSHOTS is set.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from lxml import html

from newsdesk.publish import create_web_app
from newsdesk.store import open_store
from tests.publish.newsroom import Newsroom, fill

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install the Debian package 'chromium'"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI requires it)")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Newsroom]]:
    store = open_store(tmp_path_factory.mktemp("browser") / "newsdesk.db")
    room = fill(store)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_web_app(store), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", room
    server.should_exit = True
    thread.join(10)
    store.close()


def browse(chromium: Path, url: str, shot: Path, profile: Path) -> html.HtmlElement:
    """Screenshot ``url`` at a phone's width and return the DOM Chromium built."""
    base = [str(chromium), *FLAGS, f"--user-data-dir={profile}"]
    subprocess.run([*base, f"--screenshot={shot}", "--window-size=412,900", url],
                   check=True, capture_output=True, timeout=60)
    dom = subprocess.run([*base, "--dump-dom", url], check=True, capture_output=True,
                         timeout=60).stdout.decode()
    _keep(shot)
    return html.fromstring(dom)


def _keep(shot: Path) -> None:
    if os.environ.get("NEWSDESK_SCREENSHOTS"):
        target = Path("screenshots")
        target.mkdir(exist_ok=True)
        shutil.copy(shot, target / shot.name)


def _text(node: html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


PAGES = {
    "home": ("/", "Latest stories", "3 outlets"),
    "story": ("/stories/{ferry}", "Night ferry to Skarra resumes", "Copies and rewrites (2)"),
    "article": ("/articles/{council}", "Council votes on the harbour wall",
                "Show original text"),
    "search": ("/search?q=Skarra", "Search", "Skarra ferry back on the water"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_reader_sees_the_page(chromium: Path, site: tuple[str, Newsroom], name: str,
                              tmp_path: Path) -> None:
    base, room = site
    path, heading, visible = PAGES[name]
    url = base + path.format(ferry=room.stories["ferry"], council=room.articles["council"])
    shot = tmp_path / f"{name}.png"
    doc = browse(chromium, url, shot, tmp_path / "profile")
    assert shot.stat().st_size > 1000
    assert _text(doc.xpath("//h1")[0]) == heading
    assert visible in _text(doc.xpath("//main")[0])


def test_right_to_left_article(chromium: Path, site: tuple[str, Newsroom], tmp_path: Path
                               ) -> None:
    base, room = site
    doc = browse(chromium, f"{base}/articles/{room.articles['rtl']}", tmp_path / "rtl.png",
                 tmp_path / "profile")
    article = doc.xpath("//article")[0]
    assert article.get("dir") == "rtl" and article.get("lang") == "fa"
    assert _text(doc.xpath("//h1")[0]) == "پل تازه بر رود سرو گشوده شد"
