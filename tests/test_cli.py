"""The `newsdesk` command end to end: a feed on a real local server, through to search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.cli import main
from tests.sites import StaticSite

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Velmora Courier</title><link>{base}/</link>
<description>News from Velmora</description>
{items}
</channel></rss>"""

ITEM = """<item><title>{title}</title><link>{base}/news/{slug}</link><guid>{slug}</guid>
<pubDate>Sat, 28 Nov 2026 0{n}:15:00 +0000</pubDate><description>{lede}</description></item>"""

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title>
<meta property="og:site_name" content="Velmora Courier"></head><body>
<header><nav><a href="/">Home</a></nav></header>
<article><h1>{title}</h1>
<p>{lede}</p>
{body}
</article><footer>Velmora Courier</footer></body></html>"""

BODIES = {
    "harbour-dredging": [
        "The council of Velmora voted on Friday evening to dredge the old harbour, after a"
        " debate that lasted more than four hours.",
        "Councillor Ines Farahani said the dredging would let larger ferries dock by next summer"
        " and that the work would be paid from the port fund.",
        "Fishermen who attended the meeting asked that the work pause during the spring herring"
        " season, and the council agreed to review the timetable in March.",
    ],
    "tram-line": [
        "The extension of the number four tram line to the eastern districts will open a year"
        " late, the transport office announced on Thursday.",
        "Engineers found an unmapped culvert under Osterholm Road, and the tunnel design had to"
        " be redrawn, director Paulo Mendel told reporters.",
        "Shop owners along the route said the delay would cost them another winter of closed"
        " pavements and detours.",
    ],
    "library-hours": [
        "The central library will open its doors on Sundays from January, the first time in its"
        " ninety-year history.",
        "Librarian Oyelaran Bisi said volunteers from the reading club had offered to staff the"
        " lending desk on weekend afternoons.",
        "Children's story hours and a chess corner are planned for the new Sunday opening,"
        " which runs from noon until five.",
    ],
}

STORIES = [
    ("harbour-dredging", "Council approves harbour dredging", "harbour dredging plan"),
    ("tram-line", "Tram line extension delayed", "tram line extension"),
    ("library-hours", "Library to open on Sundays", "library opening hours"),
]


def _publish(site: StaticSite) -> None:
    base = site.url("")
    items = "\n".join(
        ITEM.format(base=base, slug=slug, title=title, n=n, lede=f"The {topic} was decided.")
        for n, (slug, title, topic) in enumerate(STORIES, start=1)
    )
    site.pages["/feed.xml"] = (200, "application/rss+xml", FEED.format(base=base, items=items)
                               .encode())
    for slug, title, topic in STORIES:
        body = "\n".join(f"<p>{p}</p>" for p in BODIES[slug])
        html = PAGE.format(title=title, lede=f"The {topic} was decided on Friday.", body=body)
        site.pages[f"/news/{slug}"] = (200, "text/html; charset=utf-8", html.encode())


def _run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_feed_to_search(static_site: StaticSite, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    _publish(static_site)
    db = tmp_path / "x.db"
    code, out, _ = _run(capsys, db, "sources", "add", static_site.url("/feed.xml"))
    assert code == 0 and "(feed)" in out
    code, out, err = _run(capsys, db, "poll", "--once")
    assert code == 0, err
    assert "3 new article(s)" in out
    code, out, _ = _run(capsys, db, "search", "dredging", "--json")
    [hit] = json.loads(out)
    assert hit["title"] == "Council approves harbour dredging"
    assert hit["url"] == static_site.url("/news/harbour-dredging")
    code, out, _ = _run(capsys, db, "stories", "--json")
    assert {s["title"] for s in json.loads(out)} == {title for _, title, _ in STORIES}
    code, out, _ = _run(capsys, db, "sources", "list", "--json")
    [source] = json.loads(out)
    assert source["items_seen"] == 3 and source["last_error"] is None
    static_site.hits.clear()
    code, out, _ = _run(capsys, db, "poll", "--once")
    assert "0 new article(s)" in out
    assert [h for h in static_site.hits if h != "/robots.txt"] == ["/feed.xml"]  # no page again


def test_private_addresses_refused_by_default(static_site: StaticSite, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDESK_ALLOW_PRIVATE", raising=False)
    _publish(static_site)
    code, _, err = _run(capsys, tmp_path / "x.db", "sources", "add",
                        static_site.url("/feed.xml"))
    assert code != 0
    assert "private address" in err and "--allow-private" in err
    assert static_site.hits == []


def test_bad_sources_fail_alone(static_site: StaticSite, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    _publish(static_site)
    static_site.pages["/broken.xml"] = (200, "application/rss+xml", b"<rss><channel><item")
    static_site.pages["/image.png"] = (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    db = tmp_path / "x.db"
    for path, kind in (("/feed.xml", "feed"), ("/broken.xml", "feed"), ("/image.png", "feed")):
        assert _run(capsys, db, "sources", "add", static_site.url(path), "--kind", kind)[0] == 0
    assert _run(capsys, db, "sources", "add", "http://127.0.0.1:9/feed.xml", "--kind",
                "feed")[0] == 0
    code, out, _err = _run(capsys, db, "poll", "--once")
    assert code == 0
    assert "3 new article(s), 0 item(s) failed (kept for retry), 3 source(s) failed" in out
    code, out, _ = _run(capsys, db, "sources", "list", "--json")
    errors = {s["url"]: s["last_error"] for s in json.loads(out)}
    assert errors[static_site.url("/feed.xml")] is None
    assert all(errors[u] for u in errors if u != static_site.url("/feed.xml"))


def test_extract_prints_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = []
    for slug, title, topic in STORIES[:2]:
        page = tmp_path / f"{slug}.html"
        body = "\n".join(f"<p>{p}</p>" for p in BODIES[slug])
        page.write_text(PAGE.format(title=title, lede=f"The {topic} was decided.", body=body))
        pages.append(str(page))
    code, out, _ = _run(capsys, tmp_path / "x.db", "extract", *pages, "--json")
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert (first["title"], second["title"]) == (STORIES[0][1], STORIES[1][1])
    assert "Farahani" in first["text"] and first["publisher"] == "Velmora Courier"


def test_repair_keeps_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(
        "thecabinetapprovedthenewbudget\nMinister Farahani spoke.\n"))
    code, out, _ = _run(capsys, tmp_path / "none.db", "repair")
    assert code == 0
    assert out.splitlines() == ["the cabinet approved the new budget", "Minister Farahani spoke."]


def test_unknown_source_is_a_clear_error(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, tmp_path / "x.db", "sources", "remove", "42")
    assert code == 1 and "no source 42" in err


def test_reprocess_uses_kept_pages_without_fetching(
        static_site: StaticSite, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    _publish(static_site)
    db = tmp_path / "x.db"
    _run(capsys, db, "sources", "add", static_site.url("/feed.xml"), "--kind", "feed")
    _run(capsys, db, "poll", "--once")
    static_site.hits.clear()
    code, out, _ = _run(capsys, db, "reprocess")
    assert code == 0 and "Reprocessed 3 page(s): 0 changed, 0 could not be read;" in out
    _run(capsys, db, "sources", "set", "1", "body_selector=article p:last-of-type")
    code, out, _ = _run(capsys, db, "reprocess", "--source", "1")
    assert "Reprocessed 3 page(s): 3 changed" in out
    assert static_site.hits == []
    code, out, _ = _run(capsys, db, "search", "fishermen", "--json")
    assert [h["title"] for h in json.loads(out)] == ["Council approves harbour dredging"]
    code, out, _ = _run(capsys, db, "search", "Farahani", "--json")
    assert json.loads(out) == []  # only the selected paragraph is the body now


def test_index_rebuild_and_worker_needs_postgres(
        static_site: StaticSite, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    _publish(static_site)
    db = tmp_path / "x.db"
    _run(capsys, db, "sources", "add", static_site.url("/feed.xml"), "--kind", "feed")
    _run(capsys, db, "poll", "--once")
    code, out, _ = _run(capsys, db, "index", "rebuild")
    assert code == 0 and "Indexed 3 article(s)." in out
    code, out, _ = _run(capsys, db, "search", "tram", "--json")
    assert [h["title"] for h in json.loads(out)] == ["Tram line extension delayed"]
    code, _, err = _run(capsys, db, "worker")
    assert code == 2 and "need a PostgreSQL store" in err


def test_a_home_page_offers_its_feeds(static_site: StaticSite, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    _publish(static_site)
    static_site.pages["/"] = (200, "text/html", b"<html><head><title>Velmora Courier</title>"
                              b"</head><body><a href='/news/tram-line'>Trams</a></body></html>")
    static_site.pages["/rss.xml"] = static_site.pages["/feed.xml"]
    static_site.pages["/section/"] = static_site.pages["/"]
    db = tmp_path / "x.db"
    code, _, err = _run(capsys, db, "sources", "add", static_site.url("/"))
    assert code == 1
    assert "offers feeds" in err and static_site.url("/rss.xml") in err
    code, out, _ = _run(capsys, db, "sources", "add", static_site.url("/section/"))
    assert code == 0 and "(page)" in out  # a section page is not probed: it is followed


def test_a_poll_over_many_imported_sources_gives_each_a_status(
        static_site: StaticSite, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.opml import Outline, write_opml

    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("NEWSDESK_PER_HOST_DELAY", "0")
    monkeypatch.setenv("NEWSDESK_PER_HOST_CONCURRENCY", "16")
    _publish(static_site)
    static_site.pages["/broken.xml"] = (200, "application/rss+xml", b"<rss><channel><item")
    outlines = []
    for n in range(40):
        outlines += [
            Outline(static_site.url(f"/feed.xml?copy={n}"), f"Good {n}"),
            Outline(static_site.url(f"/broken.xml?copy={n}"), f"Broken {n}"),
            Outline(static_site.url(f"/missing/{n}.xml"), f"Missing {n}"),
            Outline(f"http://127.0.0.1:9/feed{n}.xml", f"Unreachable {n}"),
        ]
    opml = tmp_path / "many.opml"
    opml.write_bytes(write_opml(outlines))
    db = tmp_path / "x.db"
    code, out, _ = _run(capsys, db, "--allow-private", "sources", "import", str(opml))
    assert code == 0 and "160 added" in out
    code, out, _ = _run(capsys, db, "poll", "--once")
    assert code == 0 and ("Polled 160 source(s): 3 new article(s), 0 item(s) failed (kept for"
                          " retry), 120 source(s) failed.") in out
    code, out, _ = _run(capsys, db, "sources", "list", "--json")
    listed = json.loads(out)
    assert all(s["last_polled_at"] for s in listed)
    failed = [s for s in listed if not s["name"].startswith("Good")]
    assert all(s["last_error"] and s["error_count"] == 1 for s in failed)
