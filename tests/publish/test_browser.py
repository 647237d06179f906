"""Headless Chromium reads the running site: home, section, story, article and search, at a
desktop's and a phone's width, in English and in Persian; axe-core checks accessibility.

Skips without /usr/bin/chromium or axe-core (`npm install --prefix ~/.cache/newsdesk-axe
axe-core@4`, as .ci/run does), except in CI (CI=true), where it fails. Screenshots go to a
temporary folder, and to ./screenshots when NEWSDESK_SCREENSHOTS is set.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from newsdesk.config import SiteSettings
from newsdesk.publish import create_web_app
from newsdesk.store import Store, open_store
from newsdesk.store.image_files import use_image_dir
from tests.images.pictures import photo
from tests.publish.newsroom import Newsroom, fill, give_picture

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(os.environ.get("NEWSDESK_AXE", Path.home() / ".cache" / "newsdesk-axe" /
                          "node_modules" / "axe-core" / "axe.min.js"))
WIDTHS = {"desktop": (1280, 900), "phone": (412, 900)}
SERIOUS = {"serious", "critical"}


def _required(path: Path, what: str) -> Path:
    if not path.exists():
        reason = f"{path} is missing: {what}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI requires it)")
        pytest.skip(reason)
    return path


@dataclass
class Site:
    urls: dict[str, str]  # interface language -> base URL
    room: Newsroom

    def pages(self, language: str) -> dict[str, tuple[str, str]]:
        """Page name -> (path, expected h1) for the site in ``language``."""
        story, article = ("rtl", "rtl") if language == "fa" else ("ferry", "council")
        return {
            "home": ("/", {"en": "Latest stories", "fa": "تازه‌ترین خبرها"}[language]),
            "section": ("/sections/Wires", "Wires"),
            "story": (f"/stories/{self.room.stories[story]}",
                      {"en": "Night ferry to Skarra resumes",
                       "fa": "پل تازه بر رود سرو گشوده شد"}[language]),
            "article": (f"/articles/{self.room.articles[article]}",
                        {"en": "Council votes on the harbour wall",
                         "fa": "پل تازه بر رود سرو گشوده شد"}[language]),
            "search": ("/search?q=" + ("ferries" if language == "en" else "پل"),
                       {"en": "Search", "fa": "جست‌وجو"}[language]),
        }


def _newsroom(store: Store) -> Newsroom:
    room = fill(store)
    store.update_source(room.sources["Gullhaven Wire"], folder="Wires/Nordic")
    store.update_source(room.sources["Sarv News"], folder="Wires/Persian")
    store.update_source(room.sources["Tern Valley Courier"], folder="Local")
    give_picture(store, room.articles["moth"], photo(1400, 900))
    give_picture(store, room.articles["rtl"], photo(1200, 800))
    return room


def _serve(store: Store, language: str) -> tuple[uvicorn.Server, threading.Thread, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_web_app(store, site=SiteSettings(name="Gullhaven Daily", language=language,
                                                  timezone="Asia/Tehran"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("browser")
    store = open_store(folder / "newsdesk.db")
    use_image_dir(store, folder / "images")
    room = _newsroom(store)
    running = {language: _serve(store, language) for language in ("en", "fa")}
    yield Site({language: url for language, (_, _, url) in running.items()}, room)
    for server, thread, _ in running.values():
        server.should_exit = True
        thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _required(CHROMIUM, "install the Debian package 'chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


def _keep(shot: Path) -> None:
    if os.environ.get("NEWSDESK_SCREENSHOTS"):
        target = Path("screenshots")
        target.mkdir(exist_ok=True)
        shutil.copy(shot, target / shot.name)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["en", "fa"])
def test_reader_sees_every_page(browser: Any, site: Site, language: str, width: str,
                                tmp_path: Path) -> None:
    context = browser.new_context(viewport=dict(zip(("width", "height"), WIDTHS[width],
                                                    strict=True)))
    page = context.new_page()
    for name, (path, heading) in site.pages(language).items():
        answer = page.goto(site.urls[language] + path)
        assert answer is not None and answer.status == 200, path
        assert page.inner_text("h1").strip() == heading, (name, path)
        direction = "rtl" if language == "fa" else "ltr"
        assert page.evaluate("document.documentElement.dir") == direction, (name, path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width} width by {overflow}px"
        shot = tmp_path / f"{language}-{width}-{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 5_000
        _keep(shot)
    context.close()


def test_lead_picture_loads_from_our_own_site(browser: Any, site: Site) -> None:
    page = browser.new_page(viewport={"width": 412, "height": 900}, device_scale_factor=2)
    page.goto(site.urls["fa"] + f"/articles/{site.room.articles['rtl']}")
    picture = page.locator("figure.lead img")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.lead img').complete")
    chosen = picture.evaluate("img => img.currentSrc")
    assert chosen.startswith(site.urls["fa"] + "/images/")
    assert chosen.endswith("-960.webp")  # a phone at 2x fills 824 pixels: the 960 rendition
    assert picture.evaluate("img => img.naturalWidth") > 0
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "fa"])
def test_no_serious_accessibility_violations(browser: Any, site: Site, language: str,
                                             scheme: str) -> None:
    axe = _required(AXE, "run `npm install --prefix ~/.cache/newsdesk-axe axe-core@4`")
    # The site's policy allows no script; axe is injected by the test, so the test lifts it.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme,
                                  viewport={"width": 412 if scheme == "dark" else 1280,
                                            "height": 900})
    page = context.new_page()
    found = []
    for name, (path, _) in site.pages(language).items():
        page.goto(site.urls[language] + path)
        page.add_script_tag(path=str(axe))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: "
                               "['violations']})")
        found += [f"{name}: {v['id']} ({v['impact']}): {v['help']} — "
                  f"{[n['target'] for n in v['nodes']][:3]}"
                  for v in result["violations"] if v["impact"] in SERIOUS]
    context.close()
    assert not found, "\n".join(found)
