"""Items whose page cannot be read: stored from the feed, counted, shown, kept, retried.

Real servers on 127.0.0.1 serve a feed whose article pages fail in the ways real ones do
(a server error, a PDF where a page should be); the CLI runs end to end.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsdesk.extract.article as article_module
from newsdesk.cli import main
from newsdesk.records import Article
from newsdesk.store import open_store
from tests.sites import StaticSite

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Quayside Wire</title><link>{base}/</link>
<description>Quayside news</description>{items}</channel></rss>"""
ITEM = """<item><title>{title}</title><link>{base}/news/{slug}</link><guid>{slug}</guid>
<description>{title}: what the wire says.</description></item>"""
PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body><article>
<h1>{title}</h1><p>The harbour board of Quayside met on {day} and agreed, after a long
<a href="/people/board">debate</a>, that the {slug} plan goes ahead this spring.</p>
<p>Fishermen asked for the work to pause during the herring season, and the board said it
would publish a timetable before the end of the month.</p></article></body></html>"""
STORIES = [("dredging", "Harbour dredging approved"), ("ferry", "Ferry timetable changes"),
           ("lighthouse", "Lighthouse to reopen")]


def _publish(site: StaticSite, *, broken: tuple[str, ...] = ()) -> None:
    base = site.url("")
    items = "".join(ITEM.format(base=base, slug=slug, title=title) for slug, title in STORIES)
    site.pages["/feed.xml"] = (200, "application/rss+xml",
                               FEED.format(base=base, items=items).encode())
    for slug, title in STORIES:
        page = PAGE.format(title=title, slug=slug, day="Monday").encode()
        site.pages[f"/news/{slug}"] = (200, "text/html; charset=utf-8", page)
    if "dredging" in broken:
        site.pages["/news/dredging"] = (503, "text/html", b"<h1>Service Unavailable</h1>")
    if "ferry" in broken:
        site.pages["/news/ferry"] = (200, "application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    if "lighthouse" in broken:
        site.pages["/news/lighthouse"] = (404, "text/html", b"gone")


def _run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(static_site: StaticSite, tmp_path: Path, capsys: pytest.CaptureFixture[str],
       monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("NEWSDESK_PER_HOST_DELAY", "0")
    path = tmp_path / "x.db"
    _publish(static_site)
    assert _run(capsys, path, "sources", "add", static_site.url("/feed.xml"), "--kind",
                "feed")[0] == 0
    return path


def _articles(db: Path) -> dict[str, Article]:
    with open_store(db) as store:
        return {s.article.title: s.article for s in store.list_articles()}


def test_failed_items_are_stored_from_the_feed_counted_shown_and_retried(
        static_site: StaticSite, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _publish(static_site, broken=("dredging", "ferry"))
    code, out, err = _run(capsys, db, "poll", "--once")
    stored = _articles(db)
    assert stored["Harbour dredging approved"].page_read is False
    assert stored["Lighthouse to reopen"].page_read is True
    assert code == 0  # one item of three was read: the source did not lose everything
    assert "3 new article(s), 2 item(s) failed (kept for retry), 0 source(s) failed" in out
    assert "newsdesk sources show" in err
    code, out, _ = _run(capsys, db, "sources", "show", "1", "--json")
    shown = json.loads(out)
    assert shown["items_failed"] == 2 and "2 of 3 items failed" in shown["last_error"]
    assert {f["url"].rsplit("/", 1)[1]: f["attempts"] for f in shown["failed_items"]} == {
        "dredging": 1, "ferry": 1}
    assert "could not be fetched" in next(f["error"] for f in shown["failed_items"]
                                          if f["url"].endswith("dredging"))
    assert "not HTML" in next(f["error"] for f in shown["failed_items"]
                              if f["url"].endswith("ferry"))

    _publish(static_site, broken=("ferry",))  # the server is back for one of them
    static_site.hits.clear()
    code, out, _ = _run(capsys, db, "poll", "--once")
    assert "/news/dredging" in static_site.hits and "/news/ferry" in static_site.hits
    assert "/news/lighthouse" not in static_site.hits  # read before: not fetched again
    assert "1 item(s) failed" in out
    code, out, _ = _run(capsys, db, "sources", "show", "1", "--json")
    shown = json.loads(out)
    assert shown["items_failed"] == 1 and shown["failed_items"][0]["attempts"] == 2
    dredging = _articles(db)["Harbour dredging approved"]  # read at last: the same row
    assert dredging.page_read and dredging.text.startswith("The harbour board of Quayside")


def test_a_source_whose_items_all_fail_makes_poll_exit_non_zero(
        static_site: StaticSite, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _publish(static_site, broken=("dredging", "ferry", "lighthouse"))
    code, out, err = _run(capsys, db, "poll", "--once")
    assert code == 1
    assert "3 item(s) failed (kept for retry)" in out
    assert "all 3 item(s) failed" in err


def test_every_source_failing_makes_poll_exit_non_zero(
        static_site: StaticSite, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    static_site.pages["/feed.xml"] = (500, "text/plain", b"down")
    code, out, _ = _run(capsys, db, "poll", "--once")
    assert code == 1 and "1 source(s) failed" in out


def test_reprocess_reads_a_kept_page_that_failed_before(
        static_site: StaticSite, db: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_article = article_module._article

    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError("simulated: the reading of this page blew up")

    monkeypatch.setenv("NEWSDESK_EXTRACT_WORKERS", "0")  # extract here, where the patch is
    monkeypatch.setattr(article_module, "_article", broken)
    code, out, _ = _run(capsys, db, "poll", "--once")
    assert code == 1 and "3 item(s) failed" in out
    stored = _articles(db)
    assert set(stored) == {title for _, title in STORIES}  # the feed's words, kept meanwhile
    assert not any(article.page_read for article in stored.values())
    assert stored["Ferry timetable changes"].text == "Ferry timetable changes: what the wire says."
    assert "MemoryError" in stored["Ferry timetable changes"].warnings[-1]

    monkeypatch.setattr(article_module, "_article", real_article)  # the bug is fixed
    static_site.hits.clear()
    code, out, _ = _run(capsys, db, "reprocess")
    assert code == 0 and not static_site.hits  # kept pages, no fetching
    assert "3 changed" in out and "0 failed item(s) still kept" in out
    code, out, _ = _run(capsys, db, "sources", "show", "1", "--json")
    assert json.loads(out)["failed_items"] == []
    stored = _articles(db)
    assert all(article.page_read for article in stored.values())
    assert stored["Ferry timetable changes"].text.startswith("The harbour board of Quayside")


def test_extract_prints_one_line_per_input_even_when_one_fails(
        static_site: StaticSite, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    _publish(static_site, broken=("ferry",))
    good = tmp_path / "good.html"
    good.write_text(PAGE.format(title="Harbour dredging approved", slug="dredging", day="Monday"))
    inputs = [str(good), str(tmp_path / "missing.html"), static_site.url("/news/ferry"),
              static_site.url("/news/lighthouse")]
    code, out, _ = _run(capsys, tmp_path / "x.db", "extract", *inputs, "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [line["input"] for line in lines] == inputs
    assert lines[0]["title"] == "Harbour dredging approved" and "error" not in lines[0]
    assert "neither a readable file nor a URL" in lines[1]["error"]
    assert "not HTML" in lines[2]["error"]
    assert lines[3]["title"] == "Lighthouse to reopen"


def test_an_item_whose_processing_crashes_is_counted_and_kept(
        static_site: StaticSite, db: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.pipeline import Pipeline

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated: the story index is corrupt")

    monkeypatch.setattr(Pipeline, "_store_and_group", crash)
    code, out, _ = _run(capsys, db, "poll", "--once")
    assert code == 1 and "3 item(s) failed" in out
    code, out, _ = _run(capsys, db, "sources", "show", "1", "--json")
    failures = json.loads(out)["failed_items"]
    assert len(failures) == 3
    assert all("RuntimeError: simulated" in f["error"] for f in failures)
