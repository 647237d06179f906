"""`newsdesk prune`: what the retention settings no longer keep goes; nothing else does."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from newsdesk.config import Retention
from newsdesk.jobs.queue import make_job_app
from newsdesk.jobs.queue_schema import ensure_queue_schema
from newsdesk.ops import retention
from newsdesk.ops.retention import prune, prune_store, worker_upkeep
from newsdesk.records import Article, FetchResult
from newsdesk.store import Store, open_store, refresh_search_index

NOW = datetime.now(UTC)
OLD = NOW - timedelta(days=45)
RECENT = NOW - timedelta(days=2)


def _page(url: str, at: datetime, text: str = "page") -> FetchResult:
    return FetchResult(url=url, final_url=url, status=200, headers={"content-type": "text/html"},
                       body=f"<p>{text}</p>".encode(), fetched_at=at, charset="utf-8")


def _article(url: str, text: str) -> Article:
    return Article(url=url, title="Ferry timetable changes at Velmora harbour",
                   summary="Winter sailings are cut.", text=text, language="en")


@dataclass
class Newsroom:
    old_feed: int
    recent_feed: int
    old_unused_page: int  # a page fetched long ago that no article points to any more
    kept_page: int  # an old page that is still its article's latest
    revised: int  # the article with many revisions
    articles: list[int]


def _newsroom(store: Store) -> Newsroom:
    source = store.add_source("https://harbour.example/feed", name="Harbour", kind="feed",
                              interval_s=600)
    old_feed = store.save_fetch(_page(source.url, OLD), source.id)
    recent_feed = store.save_fetch(_page(source.url, RECENT), source.id)
    kept_page = store.save_fetch(_page("https://harbour.example/a", OLD), source.id)
    steady = store.save_article(_article("https://harbour.example/a", "Sailings stop at six."),
                                source_id=source.id, fetch_id=kept_page).id
    old_unused_page = store.save_fetch(_page("https://harbour.example/b", OLD), source.id)
    revised = store.save_article(_article("https://harbour.example/b", "Version 0."),
                                 source_id=source.id, fetch_id=old_unused_page).id
    for version in range(1, 6):  # five changes: revisions 1..5 kept, the article is at 6
        page = store.save_fetch(_page("https://harbour.example/b", RECENT, str(version)),
                                source.id)
        store.save_article(_article("https://harbour.example/b", f"Version {version}."),
                           source_id=source.id, fetch_id=page)
    return Newsroom(old_feed, recent_feed, old_unused_page, kept_page, revised,
                    [steady, revised])


def _fetch_ids(store: Store) -> set[int]:
    with store.reading() as tx:
        return {int(r[0]) for r in tx.rows("SELECT id FROM fetches")}


def _revisions(store: Store, article_id: int) -> list[int]:
    with store.reading() as tx:
        return [int(r[0]) for r in tx.rows("SELECT revision FROM article_revisions WHERE"
                                           " article_id = ? ORDER BY revision", (article_id,))]


def test_old_bodies_and_revisions_go_latest_pages_stay(store: Store) -> None:
    room = _newsroom(store)
    before = _fetch_ids(store)
    policy = Retention(fetch_days=30, revisions=2)

    counted = prune_store(store, policy, dry_run=True)
    assert (counted.fetches, counted.revisions) == (2, 3)
    assert _fetch_ids(store) == before  # a dry run deletes nothing

    report = prune_store(store, policy)
    assert (report.fetches, report.revisions) == (2, 3)
    assert _fetch_ids(store) == before - {room.old_feed, room.old_unused_page}
    assert room.kept_page in _fetch_ids(store)  # old, but still its article's latest page
    assert _revisions(store, room.revised) == [4, 5]
    assert store.get_article(room.revised).article.text == "Version 5."
    assert prune_store(store, policy).fetches == 0  # nothing left to do


def test_zero_keeps_forever(store: Store) -> None:
    room = _newsroom(store)
    report = prune_store(store, Retention(fetch_days=0, revisions=0))
    assert (report.fetches, report.revisions) == (0, 0)
    assert _revisions(store, room.revised) == [1, 2, 3, 4, 5]


def _outbox(store: Store) -> int:
    with store.reading() as tx:
        return int(tx.row("SELECT count(*) FROM search_changes")[0])


def test_applied_search_changes_go_and_search_still_finds_everything(store: Store) -> None:
    room = _newsroom(store)
    refresh_search_index(store)
    waiting = _outbox(store)
    report = prune_store(store, Retention(search_change_days=7),
                         at=NOW + timedelta(days=8))  # PostgreSQL keeps a week for others
    if not store.url.startswith("postgresql"):
        # (PostgreSQL counts a change applied only once every transaction older than it
        # has ended, cluster-wide: with other sessions open, that may not be yet.)
        assert report.search_changes == waiting > 0
    assert _outbox(store) == waiting - report.search_changes
    new = store.save_article(_article("https://harbour.example/c", "Night ferry returns."),
                             source_id=None, fetch_id=None).id
    assert {a.id for a in store.search("ferry timetable", limit=10)} == {*room.articles, new}


def test_an_index_behind_what_was_pruned_rebuilds(store: Store) -> None:
    room = _newsroom(store)
    refresh_search_index(store)  # this index has applied everything so far...
    late = store.save_article(_article("https://harbour.example/d", "Ferry timetable, late."),
                              source_id=None, fetch_id=None).id
    # ...but not `late`, whose change another machine's index applied and pruned.
    if store.url.startswith("postgresql"):
        pruned = store.prune_search_changes(applied=None, before=NOW + timedelta(days=1))
    else:
        with store.reading() as tx:
            newest = str(tx.row("SELECT max(seq) FROM search_changes")[0])
        pruned = store.prune_search_changes(applied=newest, before=None)
    assert pruned > 0 and _outbox(store) == 0
    assert {a.id for a in store.search("ferry timetable", limit=10)} == {*room.articles, late}


async def test_finished_jobs_older_than_the_setting_go(pg_schema_url: str) -> None:
    ensure_queue_schema(pg_schema_url)
    store = open_store(pg_schema_url)
    ages = {"succeeded": 3, "failed": 3, "todo": 3, "cancelled": 0}  # days since last event
    with psycopg.connect(pg_schema_url, autocommit=True) as conn:
        for status, days in ages.items():
            job = conn.execute("INSERT INTO procrastinate_jobs (queue_name, task_name, status)"
                               " VALUES ('newsdesk.polls', 'newsdesk.poll_source', %s)"
                               " RETURNING id", (status,)).fetchone()[0]
            conn.execute("DELETE FROM procrastinate_events WHERE job_id = %s", (job,))
            conn.execute("INSERT INTO procrastinate_events (job_id, type, at) VALUES"
                         " (%s, 'deferred', now() - %s * interval '1 day')", (job, days))
    try:
        policy = Retention(job_days=1)
        assert (await prune(store, policy, dry_run=True)).jobs == 2
        assert (await prune(store, policy)).jobs == 2
        with store.reading() as tx:
            left = {r[0] for r in tx.rows("SELECT status::text FROM procrastinate_jobs")}
        assert left == {"todo", "cancelled"}  # waiting work and recent history stay
        job_app = make_job_app(pg_schema_url)
        async with job_app.open_async():  # as the workers' hourly upkeep job calls it
            assert (await worker_upkeep(store, policy, job_app)).jobs == 0
    finally:
        store.close()


async def test_run_prunes_on_its_own_until_stopped(store: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    room = _newsroom(store)
    monkeypatch.setattr(retention, "FIRST_PRUNE_S", 0.05)
    stop = asyncio.Event()
    task = asyncio.create_task(retention.prune_periodically(
        store, Retention(fetch_days=30, every_hours=1), stop))
    while room.old_feed in _fetch_ids(store):
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert room.kept_page in _fetch_ids(store)
