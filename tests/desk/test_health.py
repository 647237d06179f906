"""The health dashboard and the audit log page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from lxml import html

from newsdesk.records import Article
from newsdesk.store import Store
from tests.desk.conftest import post
from tests.publish.newsroom import Newsroom


def facts(page: str) -> dict[str, str]:
    doc = html.fromstring(page)
    terms = doc.xpath("//dl[contains(@class, 'tiles')]/dt")
    return {dt.text_content(): " ".join(dt.getnext().text_content().split()) for dt in terms}


def test_the_dashboard_shows_failing_sources_polls_intake_queue_and_disk(
        admin: Any, store: Store, room: Newsroom) -> None:
    now = datetime.now(UTC)
    sarv, gull = room.sources["Sarv News"], room.sources["Gullhaven Wire"]
    store.update_source(sarv, status="disabled", error_count=10,
                        last_error="disabled after 10 failures in a row; last: HTTP 410")
    store.update_source(gull, last_polled_at=now - timedelta(minutes=3),
                        next_poll_at=now + timedelta(minutes=7))
    store.update_source(room.sources["Tern Valley Courier"], next_poll_at=now + timedelta(1))
    page = admin.get("/desk").text
    shown = facts(page)
    assert shown["Sources"] == "3: 2 active, 0 paused, 1 disabled"
    assert shown["Failing"] == "1"
    assert "3 minutes ago" in shown["Last poll"] and "1 source polled in the last hour" in (
        shown["Last poll"])
    assert shown["Queue"] == "0 due now"
    assert shown["Articles"] == "6 kept; 6 in the last 24 hours"
    assert shown["Disk"].startswith("database ") and "KB" in shown["Disk"]
    assert "HTTP 410" in page
    hours = html.fromstring(page).xpath("//table[@class='hours']//meter/@value")
    assert len(hours) == 24 and hours[0] == "6"  # newest hour first


def test_the_dashboard_warns_when_nothing_polls(admin: Any, store: Store, room: Newsroom
                                                ) -> None:
    for source_id in room.sources.values():  # every source due, none ever polled
        store.update_source(source_id, next_poll_at=datetime.now(UTC) - timedelta(hours=1))
    assert "is <code>newsdesk run</code>" in admin.get("/desk").text


def test_articles_per_hour_counts_by_first_seen(store: Store) -> None:
    store.save_article(Article(url="https://x.example/a", title="A", summary="", text="a"),
                       source_id=None, fetch_id=None)
    counts = store.articles_per_hour(3)
    assert [n for _, n in counts] == [0, 0, 1]
    assert counts[-1][0] == datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


def test_the_audit_log_shows_who_did_what_to_what(admin: Any, store: Store, room: Newsroom
                                                  ) -> None:
    moth = room.articles["moth"]
    post(admin, f"/desk/articles/{moth}/hide", {"reason": "spam"})
    post(admin, f"/desk/sources/{room.sources['Sarv News']}/pause")
    rows = html.fromstring(admin.get("/desk/audit").text).xpath("//table[@class='audit']//tr")
    cells = [[td.text_content() for td in tr.xpath("td")] for tr in rows[1:3]]
    assert [c[1:] for c in cells] == [
        ["ada", "source.pause", f"source {room.sources['Sarv News']}", "Sarv News"],
        ["ada", "article.hide", f"article {moth}", "spam"]]
    only = admin.get("/desk/audit?action=article").text
    assert "article.hide" in only and "source.pause" not in only


def test_the_audit_log_pages(admin: Any, store: Store) -> None:
    for n in range(60):
        store.record_audit("ada", "source.poll", f"source {n}")
    first = html.fromstring(admin.get("/desk/audit?action=source").text)
    assert len(first.xpath("//table[@class='audit']//tbody/tr")) == 50
    older = first.xpath("//a[@rel='next']/@href")[0]
    second = html.fromstring(admin.get(older).text)
    assert len(second.xpath("//table[@class='audit']//tbody/tr")) == 10
