"""Limits on everything a hostile source controls: how many items a poll takes, how big a
feed, a page, a repair line or an OPML file may be, and what a server may do with
compression, slow bytes, silence, nesting and entities. Each limit is a setting; hitting one
is a sentence that names it, and loses nothing."""

from __future__ import annotations

import asyncio
import gzip
import json
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import brotli
import pytest
from aiohttp import web

from newsdesk.fetch import Fetcher, FetchError, FetchSettings
from newsdesk.opml import Outline, write_opml
from newsdesk.records import SourceKind
from newsdesk.sources import SourceParseError, parse_source
from newsdesk.store import open_store
from tests.hostile.conftest import Desk, one_sentence, run_newsdesk
from tests.hostile.servers import HostileSite

LOCAL = FetchSettings(allow_private=True, per_host_delay=0.0, respect_robots=False,
                      max_bytes=100_000)
QUICK = FetchSettings(allow_private=True, per_host_delay=0.0, respect_robots=False,
                      connect_timeout=1.0, read_timeout=0.3, total_timeout=1.0)


def _feed(site: HostileSite, count: int, *, linked: bool = False) -> str:
    """A feed of ``count`` items, newest first, each an hour older than the one before."""
    start = datetime(2026, 11, 28, 12, tzinfo=UTC)
    items = []
    for n in range(count):
        when = format_datetime(start - timedelta(hours=n))
        text = "" if linked else (f"<description>Harbour notice {n}: the ferry timetable"
                                  f" for berth {n} changes on Monday.</description>")
        items.append(f"<item><title>Notice {n}</title><link>{site.url(f'/n/{n}')}</link>"
                     f"<guid>notice-{n}</guid><pubDate>{when}</pubDate>{text}</item>")
    return site.page("/feed.xml", "<rss version='2.0'><channel><title>Port Notices</title>"
                     + "".join(items) + "</channel></rss>", "application/rss+xml")


def _source(desk: Desk) -> dict[str, object]:
    _code, out, _err = desk("sources", "list", "--json")
    [source] = json.loads(out)
    return source


def _stored_titles(db: Path) -> list[str]:
    store = open_store(db)
    try:
        return [a.article.title for a in store.list_articles(limit=10_000)]
    finally:
        store.close()


def test_a_poll_takes_the_newest_items_and_the_next_polls_the_rest(
    desk: Desk, outlet: HostileSite, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("NEWSDESK_MAX_ITEMS_PER_POLL", "50")
    url = _feed(outlet, 120)
    assert desk("sources", "add", url, "--kind", "feed")[0] == 0
    assert desk("sources", "set", "1", "full_text=false")[0] == 0
    code, out, _err = desk("poll", "--once")
    assert code == 0 and "50 new article(s)" in out
    assert sorted(_stored_titles(desk.db)) == sorted(f"Notice {n}" for n in range(50))
    source = _source(desk)
    assert "took the 50 newest, the other 70 come with the next polls" in str(
        source["last_error"])
    assert "NEWSDESK_MAX_ITEMS_PER_POLL" in str(source["last_error"])
    polled = datetime.fromisoformat(str(source["last_success_at"]))
    due = datetime.fromisoformat(str(source["next_poll_at"]))
    assert due - polled <= timedelta(seconds=60 * 1.2)  # soon: the source's shortest interval
    for expected in (100, 120):
        assert desk("poll", "--once")[0] == 0
        assert len(_stored_titles(desk.db)) == expected
    assert desk("poll", "--once")[1].startswith("Polled 1 source(s): 0 new")
    assert sorted(_stored_titles(desk.db)) == sorted(f"Notice {n}" for n in range(120))


def test_a_feed_of_twenty_thousand_linked_items_costs_one_bounded_poll(
    desk: Desk, outlet: HostileSite, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The probe was 250,000 linked items: 1.2 GB and a 35-hour poll. Now a poll fetches at
    most NEWSDESK_MAX_ITEMS_PER_POLL pages, however long the feed."""
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("NEWSDESK_MAX_ITEMS_PER_POLL", "20")
    url = _feed(outlet, 20_000, linked=True)
    for n in range(25):
        outlet.page(f"/n/{n}", f"<html><body><article><h1>Notice {n}</h1><p>The timetable"
                    f" for berth {n} changes on Monday, the harbour office said.</p>"
                    "</article></body></html>")
    assert desk("sources", "add", url, "--kind", "feed")[0] == 0
    code, _out, err = desk("poll", "--once")
    assert code == 0, err
    pages = [h for h in outlet.hits if h.startswith("/n/")]
    assert sorted(pages) == sorted(f"/n/{n}" for n in range(20))  # the 20 newest, once each
    assert "the other 19,980 come with the next polls" in str(_source(desk)["last_error"])


def test_an_oversized_feed_is_refused_by_its_setting(
    desk: Desk, outlet: HostileSite, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("NEWSDESK_MAX_FEED_BYTES", "100000")
    url = _feed(outlet, 2_000)  # about 400 KB
    assert desk("sources", "add", url, "--kind", "feed")[0] == 0
    code, out, err = desk("poll", "--once")
    assert code == 1 and "1 source(s) failed" in out  # every source failed: exit 1
    assert "larger than the 100,000 byte limit" in err and "NEWSDESK_MAX_FEED_BYTES" in err
    assert _stored_titles(desk.db) == []


def test_an_oversized_article_page_is_refused_by_its_setting(
    desk: Desk, outlet: HostileSite, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("NEWSDESK_MAX_PAGE_BYTES", "50000")
    url = _feed(outlet, 2, linked=True)
    outlet.page("/n/0", "<p>" + "the harbour ferry timetable " * 5_000 + "</p>")
    outlet.page("/n/1", "<html><body><article><h1>Ferry berth</h1><p>The ferry now docks"
                " at berth one, the harbour office said on Monday morning.</p></article>"
                "</body></html>")
    assert desk("sources", "add", url, "--kind", "feed")[0] == 0
    assert desk("poll", "--once")[0] == 0
    error = str(_source(desk)["last_error"])
    assert error.startswith("1 of 2 items failed") and "NEWSDESK_MAX_PAGE_BYTES" in error
    # the oversized page's item is kept from the feed's own words, its page unread
    assert sorted(_stored_titles(desk.db)) == ["Ferry berth", "Notice 0"]


def test_an_enormous_repair_line_passes_through_at_once_with_a_sentence() -> None:
    glued = "thecabinetapprovedthenewbudget" * 70_000  # 2.1 million characters, one line
    started = time.monotonic()
    done = run_newsdesk("repair", stdin=f"reforms.Meanwhile,the minister\n{glued}\nok\n",
                        env={"NEWSDESK_DB": "/nonexistent-dir/none.db"})
    took = time.monotonic() - started
    assert done.returncode == 1
    lines = done.stdout.split("\n")
    assert lines[0] == "reforms. Meanwhile, the minister"
    assert lines[1] == glued and lines[2] == "ok"  # nothing lost, nothing reordered
    assert "line 2 is 2,100,000 characters, over the limit of 1,000,000" in one_sentence(
        done.stderr)
    assert took < 30  # the probe: 20 MB gave no output in 5 minutes


def test_a_long_repair_line_is_repaired_in_pieces() -> None:
    sentence = "The council met on Friday.Meanwhile,the minister spoke. "
    line = sentence * 1_000  # 57,000 characters: several pieces
    done = run_newsdesk("repair", "--json", stdin=line + "\n",
                        env={"NEWSDESK_DB": "/nonexistent-dir/none.db"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    fixed = "The council met on Friday. Meanwhile, the minister spoke. "
    assert result["text"] == fixed * 1_000
    assert len(result["edits"]) == 2_000
    assert all(line[e["offset"]:e["offset"] + len(e["before"])] == e["before"]
               for e in result["edits"])


def test_opml_of_fifty_thousand_outlines_imports(tmp_path: Path) -> None:
    data = write_opml(Outline(url=f"https://outlet{n}.example/feed.xml", title=f"Outlet {n}",
                              folder=f"Region {n % 40}") for n in range(50_000))
    path = tmp_path / "big.opml"
    path.write_bytes(data)
    done = run_newsdesk("--db", str(tmp_path / "desk.db"), "sources", "import", str(path),
                        timeout=300)
    assert done.returncode == 0, done.stderr
    assert "50000 added, 0 already present, 0 rejected" in done.stdout


def test_opml_over_the_outline_limit_is_refused_whole(tmp_path: Path) -> None:
    data = write_opml(Outline(url=f"https://outlet{n}.example/feed.xml") for n in range(1_001))
    path = tmp_path / "big.opml"
    path.write_bytes(data)
    db = tmp_path / "desk.db"
    done = run_newsdesk("--db", str(db), "sources", "import", str(path),
                        env={"NEWSDESK_MAX_OPML_OUTLINES": "1000"})
    assert done.returncode == 1
    assert "1,001 outlines, over the limit of 1,000" in one_sentence(done.stderr)
    assert "NEWSDESK_MAX_OPML_OUTLINES" in done.stderr
    store = open_store(db)
    assert store.list_sources() == []
    store.close()


def test_a_bad_limit_setting_is_named() -> None:
    done = run_newsdesk("sources", "list", env={"NEWSDESK_MAX_ITEMS_PER_POLL": "-5"})
    assert done.returncode == 2
    assert "NEWSDESK_MAX_ITEMS_PER_POLL must be a whole number above 0, not '-5'" in one_sentence(
        done.stderr)


# What held before this suite and must keep holding.

async def _fails(url: str, settings: FetchSettings = LOCAL) -> FetchError:
    async with Fetcher(settings) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(url)
    return caught.value


@pytest.mark.parametrize(("encoding", "pack"), [("gzip", gzip.compress),
                                                ("br", brotli.compress)])
async def test_compression_bombs_stop_at_the_decoded_limit(outlet: HostileSite, encoding: str,
                                                           pack: object) -> None:
    bomb = pack(b"\0" * 50_000_000)  # type: ignore[operator]  # a few KB on the wire
    assert len(bomb) < 100_000
    url = outlet.page("/bomb", bomb, "application/rss+xml", **{"Content-Encoding": encoding})
    assert (await _fails(url)).reason == "too_large"


async def test_a_declared_or_streamed_body_over_the_limit_is_cut_off(
    outlet: HostileSite,
) -> None:
    declared = outlet.page("/declared", b"x" * 200_000)

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        for _ in range(1_000):
            await response.write(b"y" * 10_000)
        return response

    outlet.handlers["/endless"] = endless
    assert (await _fails(declared)).reason == "too_large"
    assert (await _fails(outlet.url("/endless"))).reason == "too_large"


async def test_a_slow_drip_and_a_silent_server_are_timed_out(outlet: HostileSite) -> None:
    async def drip(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        await response.prepare(request)
        for _ in range(100):
            await response.write(b".")
            await asyncio.sleep(0.1)
        return response

    async def silent(_request: web.Request) -> web.Response:
        await asyncio.sleep(30)
        return web.Response(text="too late")

    outlet.handlers["/drip"] = drip
    outlet.handlers["/silent"] = silent
    started = time.monotonic()
    assert "total timeout" in str(await _fails(outlet.url("/drip"), QUICK))
    assert "read (time between bytes) timeout" in str(await _fails(outlet.url("/silent"), QUICK))
    assert time.monotonic() - started < 10


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;"><!ENTITY j "&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;">]>
<rss version="2.0"><channel><title>&j;</title><item><title>&j;</title>
<link>http://outlet.example/a</link></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<rss version="2.0"><channel><title>t</title><item><title>&secret;</title>
<link>http://outlet.example/a</link><description>&secret;</description></item>
</channel></rss>"""


@pytest.mark.parametrize("kind", [SourceKind.FEED, SourceKind.SITEMAP])
def test_entities_are_never_expanded(kind: SourceKind) -> None:
    for document in (BILLION_LAUGHS, XXE):
        started = time.monotonic()
        try:
            parsed = parse_source(kind, document, "http://outlet.example/feed.xml")
        except SourceParseError:
            continue  # refusing the document is as good as not expanding it
        finally:
            assert time.monotonic() - started < 5
        shown = " ".join(f"{i.title} {i.summary}" for i in parsed.items) + str(parsed.title)
        assert "hahaha" not in shown
        assert Path("/etc/hostname").read_text().strip() not in shown


def test_deep_nesting_is_a_clear_error_or_ignored() -> None:
    deep = (b"<rss version='2.0'><channel><title>t</title><item><title>x</title>"
            b"<link>http://outlet.example/a</link><description>" + b"<b>" * 200_000
            + b"</description></item></channel></rss>")
    for kind in (SourceKind.FEED, SourceKind.PAGE, SourceKind.SITEMAP):
        try:
            parse_source(kind, deep, "http://outlet.example/feed.xml")
        except SourceParseError as exc:
            assert "\n" not in str(exc)
