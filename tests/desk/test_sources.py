"""Sources from the desk: the full list, adding against a real HTTP server (kind detection,
the feed offer of a home page), settings, pause, resume, poll now, removal, OPML in and out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from lxml import html

from newsdesk.opml import read_opml
from newsdesk.store import Store
from tests.desk.conftest import post
from tests.publish.newsroom import Newsroom
from tests.sites import StaticSite

DATA = Path(__file__).parent / "testdata"
RSS = (DATA / "rss_two_items.xml").read_bytes()


def follow_page(client: Any, answer: Any) -> str:
    assert answer.status_code == 303, answer.text
    return str(client.get(answer.headers["location"]).text)


def test_the_desk_lists_what_the_public_page_no_longer_shows(admin: Any, store: Store,
                                                              room: Newsroom) -> None:
    gull = room.sources["Gullhaven Wire"]
    store.update_source(gull, last_error="HTTP 503 from gullhaven.example", error_count=3,
                        folder="Wires")
    desk_page = admin.get("/desk/sources").text
    for shown in ("HTTP 503 from gullhaven.example", "https://gullhaven.example/rss",
                  "3 in a row", "Wires", "Tern Valley Courier"):
        assert shown in desk_page
    for public in (admin.get("/sources").text, admin.get(f"/sources/{gull}").text):
        assert "Gullhaven Wire" in public and "feed" in public
        assert "HTTP 503" not in public and "https://gullhaven.example/rss" not in public
        assert "/api/opml" not in public


def test_add_a_feed_detected_by_fetching_it(admin: Any, store: Store,
                                            static_site: StaticSite) -> None:
    static_site.pages["/rss.xml"] = (200, "application/rss+xml", RSS)
    answer = post(admin, "/desk/sources/new", {"url": static_site.url("/rss.xml"),
                                               "folder": "Local", "kind": "auto"})
    page = follow_page(admin, answer)
    assert "Now following Velmora Courier (feed)" in page
    added = next(s for s in store.list_sources() if s.url == static_site.url("/rss.xml"))
    assert (added.name, added.kind, added.folder) == ("Velmora Courier", "feed", "Local")
    entry = store.audit_entries(limit=1)[0]
    assert (entry.action, entry.target) == ("source.add", f"source {added.id}")
    again = post(admin, "/desk/sources/new", {"url": static_site.url("/rss.xml")})
    assert again.status_code == 400 and "already followed" in again.text


def test_a_home_page_offers_its_feeds_to_pick_from(admin: Any, store: Store,
                                                   static_site: StaticSite) -> None:
    static_site.pages["/"] = (200, "text/html", b"<html><head><title>Velmora Courier</title>"
                              b"<link rel='alternate' type='application/rss+xml'"
                              b" href='/rss.xml'></head><body>Home</body></html>")
    static_site.pages["/rss.xml"] = (200, "application/rss+xml", RSS)
    answer = post(admin, "/desk/sources/new", {"url": static_site.url("/")})
    assert answer.status_code == 200 and "That page offers feeds" in answer.text
    offer = html.fromstring(answer.text).xpath("//section[@class='offer']//form")
    urls = [f.xpath(".//input[@name='url']/@value")[0] for f in offer]
    assert urls == [static_site.url("/rss.xml"), static_site.url("/")]
    assert store.list_sources()[-1].url != static_site.url("/")  # nothing added yet


def test_an_unreachable_address_says_why(admin: Any) -> None:
    answer = post(admin, "/desk/sources/new", {"url": "ftp://files.example/feed"})
    assert answer.status_code == 400 and "not http(s)" in answer.text


def test_settings_are_checked_saved_and_reset(admin: Any, store: Store, room: Newsroom
                                              ) -> None:
    gull = room.sources["Gullhaven Wire"]
    form = {"name": "Gullhaven Wire", "folder": "Wires/Nordic", "min_interval": "120",
            "max_interval": "900", "language": "en", "full_text": "false",
            "body_selector": "article .body", "original_source": ""}
    assert post(admin, f"/desk/sources/{gull}/settings", form).status_code == 303
    saved = store.get_source(gull)
    assert saved.folder == "Wires/Nordic"
    assert saved.settings == {"min_interval": 120.0, "max_interval": 900.0, "language": "en",
                              "full_text": False, "body_selector": "article .body"}
    bad = post(admin, f"/desk/sources/{gull}/settings", {**form, "min_interval": "5"})
    assert bad.status_code == 400 and "between 10 seconds and 7 days" in bad.text
    assert 'value="5"' in bad.text  # the form keeps what was typed
    post(admin, f"/desk/sources/{gull}/settings", {**form, "max_interval": "", "full_text": ""})
    assert "max_interval" not in store.get_source(gull).settings
    assert "full_text" not in store.get_source(gull).settings
    assert store.audit_entries(limit=1)[0].detail == "max_interval=; full_text="


def test_pause_resume_and_poll_now_mark_the_source_without_fetching(
        admin: Any, store: Store, room: Newsroom) -> None:
    tern = room.sources["Tern Valley Courier"]
    later = datetime.now(UTC) + timedelta(hours=2)
    store.update_source(tern, next_poll_at=later)
    post(admin, f"/desk/sources/{tern}/pause")
    assert store.get_source(tern).status == "paused"
    refused = follow_page(admin, post(admin, f"/desk/sources/{tern}/poll"))
    assert "is paused; resume it to poll it" in refused
    post(admin, f"/desk/sources/{tern}/resume")
    assert store.get_source(tern).status == "active"
    store.update_source(tern, next_poll_at=later, status="disabled", error_count=10)
    post(admin, f"/desk/sources/{tern}/poll", {"back": "/desk/sources"})
    polled = store.get_source(tern)
    assert (polled.status, polled.error_count) == ("active", 0)
    assert polled.next_poll_at <= datetime.now(UTC)
    assert tern in [s.id for s in store.due_sources()]
    assert [e.action for e in store.audit_entries(limit=3)] == [
        "source.poll", "source.resume", "source.pause"]  # the refused poll changed nothing


def test_remove_asks_first(admin: Any, store: Store, room: Newsroom) -> None:
    sarv = room.sources["Sarv News"]
    assert "Remove the source" in admin.get(f"/desk/sources/{sarv}/remove").text
    post(admin, f"/desk/sources/{sarv}/remove")
    assert sarv not in [s.id for s in store.list_sources()]
    assert admin.get(f"/desk/sources/{sarv}").status_code == 404


def test_opml_upload_reports_each_entry_and_download_round_trips(admin: Any, store: Store
                                                                 ) -> None:
    data = (DATA / "reading_list_with_a_bad_entry.opml").read_bytes()
    answer = post(admin, "/desk/sources/import",
                  files={"file": ("reading.opml", data, "text/x-opml")})
    assert answer.status_code == 200
    report = html.fromstring(answer.text).xpath("//section[@class='report']")[0].text_content()
    assert "reading.opml: 3 added, 0 already followed, 1 rejected" in report
    assert "ftp://files.lantern.example/feed" in report and "not http(s)" in report
    folders = {s.name: s.folder for s in store.list_sources()}
    assert folders["Harbor Wire"] == "Agencies" and folders["Lantern Daily"] == "Local"
    again = post(admin, "/desk/sources/import",
                 files={"file": ("reading.opml", data, "text/x-opml")})
    assert "0 added, 3 already followed, 1 rejected" in again.text
    broken = post(admin, "/desk/sources/import",
                  files={"file": ("notes.opml", b"<html>not opml", "text/plain")})
    assert broken.status_code == 400 and "notes.opml" in broken.text
    download = admin.get("/desk/sources.opml")
    assert download.headers["content-type"].startswith("text/x-opml")
    assert "attachment" in download.headers["content-disposition"]
    assert {o.url for o in read_opml(download.content)} == {s.url for s in store.list_sources()}


def test_editors_see_sources_but_not_the_admin_controls(editor: Any, room: Newsroom) -> None:
    page = editor.get("/desk/sources").text
    assert "Tern Valley Courier" in page
    assert "Poll now" not in page and "Add a source" not in page
    detail = editor.get(f"/desk/sources/{room.sources['Sarv News']}").text
    assert "Save settings" not in detail
