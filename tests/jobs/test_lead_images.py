"""Lead images after a poll: fetched through the guarded fetcher from a real server, kept
as files, recorded; failures retried later or given up, never in an article's way."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.app import App
from newsdesk.config import load_config
from newsdesk.fetch import Fetcher, FetchSettings
from newsdesk.jobs.images import LeadImages
from newsdesk.records import Article
from newsdesk.store import Store
from newsdesk.store.image_files import ImageFiles
from tests.images.pictures import photo
from tests.jobs.test_poller import FEED, PAGE
from tests.sites import StaticSite

LOCAL = FetchSettings(allow_private=True, per_host_delay=0.0, respect_robots=False)


def _article(store: Store, slug: str, image: str) -> int:
    saved = store.save_article(Article(url=f"https://quay.example/{slug}", title=slug,
                                       image=image), source_id=None, fetch_id=None)
    return saved.id


def _row(store: Store, article_id: int) -> tuple:
    with store.reading() as tx:
        row = tx.row("SELECT status, attempts, next_try_at, last_error FROM article_images"
                     " WHERE article_id = ?", (article_id,))
    assert row is not None
    return row


async def test_pictures_are_fetched_kept_and_served_by_name(
        store: Store, static_site: StaticSite, tmp_path: Path) -> None:
    static_site.pages["/photo.bin"] = (200, "application/octet-stream", photo(1200, 800))
    article_id = _article(store, "ferry", static_site.url("/photo.bin"))
    files = ImageFiles(tmp_path / "images")
    async with Fetcher(LOCAL) as fetcher:
        done = await LeadImages(store, files).fetch_due(fetcher)
    assert (done.ready, done.retrying, done.given_up) == (1, 0, 0)
    kept = store.lead_images([article_id])[article_id]
    assert kept.widths == (320, 640, 960) and (kept.width, kept.height) == (960, 640)
    for width in kept.widths:
        assert files.read(f"{kept.key}-{width}.webp") and files.read(f"{kept.key}-{width}.jpg")
    assert store.image_counts() == {"pending": 0, "ready": 1, "failed": 0}
    async with Fetcher(LOCAL) as fetcher:  # nothing is due any more: nothing is fetched
        again = await LeadImages(store, files).fetch_due(fetcher)
    assert again.ready == 0 and static_site.hits.count("/photo.bin") == 1


async def test_a_server_error_is_retried_later_and_a_bad_picture_given_up(
        store: Store, static_site: StaticSite, tmp_path: Path) -> None:
    static_site.pages["/busy.jpg"] = (503, "text/plain", b"busy")
    static_site.pages["/page.jpg"] = (200, "image/jpeg", b"<!doctype html><p>sorry</p>")
    static_site.pages["/gone.jpg"] = (404, "text/plain", b"gone")
    busy = _article(store, "busy", static_site.url("/busy.jpg"))
    page = _article(store, "page", static_site.url("/page.jpg"))
    gone = _article(store, "gone", static_site.url("/gone.jpg"))
    async with Fetcher(LOCAL) as fetcher:
        done = await LeadImages(store, ImageFiles(tmp_path)).fetch_due(fetcher)
    assert (done.ready, done.retrying, done.given_up) == (0, 1, 2)
    status, attempts, next_try, error = _row(store, busy)
    assert status == "pending" and attempts == 1 and "503" in error
    assert datetime.fromisoformat(str(next_try)) > datetime.now(UTC)
    assert _row(store, page)[0] == "failed" and "HTML page" in _row(store, page)[3]
    assert _row(store, gone)[0] == "failed"
    assert store.image_counts() == {"pending": 1, "ready": 0, "failed": 2}
    assert store.lead_images([busy, page, gone]) == {}


async def test_private_addresses_are_refused_for_pictures_too(
        store: Store, static_site: StaticSite, tmp_path: Path) -> None:
    static_site.pages["/photo.jpg"] = (200, "image/jpeg", photo(400, 300))
    article_id = _article(store, "inside", static_site.url("/photo.jpg"))
    async with Fetcher(FetchSettings(respect_robots=False)) as fetcher:
        done = await LeadImages(store, ImageFiles(tmp_path)).fetch_due(fetcher)
    assert done.given_up == 1 and "private address" in _row(store, article_id)[3]
    assert static_site.hits == []


async def test_a_poll_stores_the_article_first_then_fetches_its_picture(
        tmp_path: Path, static_site: StaticSite) -> None:
    with_image = PAGE.replace(b"<title>", b'<meta property="og:image" content="/lead.jpg">'
                              b"<title>")
    static_site.pages["/feed"] = (200, "application/rss+xml",
                                  FEED.replace(b"{base}", static_site.url("").encode()))
    static_site.pages["/a/ferry"] = (200, "text/html", with_image)
    static_site.pages["/lead.jpg"] = (200, "image/jpeg", photo(800, 500))
    config = replace(load_config(db=str(tmp_path / "n.db"), allow_private=True),
                     per_host_delay_s=0.0, extract_workers=0)
    app = App.open(config)
    source = app.store.add_source(static_site.url("/feed"), name="Quay", kind="feed",
                                  interval_s=60)
    async with app.fetcher() as fetcher:
        outcome = await app.poller.poll_one(app.store.get_source(source.id), fetcher)
    assert outcome.error is None and outcome.report and outcome.report.new_articles == 1
    assert static_site.hits.index("/lead.jpg") > static_site.hits.index("/a/ferry")
    article_id = app.store.list_articles(limit=1)[0].id
    kept = app.store.lead_images([article_id])
    assert kept and (tmp_path / "n.db-images").is_dir()
    app.close()
