"""The storage contract, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.records import Article, Credit, Edit, FetchResult, Relation
from newsdesk.store import Store, StoreError, StoryDecision, open_store
from newsdesk.store.sources import pack_body, unpack_body


def _article(url: str = "https://agency.example/economy/budget-approved", **kw: object) -> Article:
    fields: dict[str, object] = {
        "title": "Cabinet approves the harbour budget",
        "summary": "Ministers backed the plan after a long session.",
        "text": "The cabinet approved the harbour budget on Tuesday.\n\nMinister Farahani said"
        " the port of Velmora would expand.",
        "published": datetime(2026, 11, 28, 9, 30, tzinfo=UTC),
        "language": "en",
        "publisher": "Meridian Press Agency",
        "original_source": Credit("Meridian Press Agency", "Economy Desk"),
        "repairs": [Edit("text", 4, "cabinetapproved", "cabinet approved")],
        "tags": ["economy"],
    }
    fields.update(kw)
    return Article(url=url, **fields)  # type: ignore[arg-type]


def test_sources_add_list_update_remove(store: Store) -> None:
    added = store.add_source("https://agency.example/rss.xml", name="Agency", kind="feed",
                             interval_s=300)
    assert [s.url for s in store.list_sources()] == ["https://agency.example/rss.xml"]
    with pytest.raises(StoreError, match="already followed"):
        store.add_source(added.url, name="again", kind="feed", interval_s=300)
    store.update_source(added.id, last_error="timeout", error_count=2, settings={"x": 1})
    updated = store.get_source(added.id)
    assert (updated.last_error, updated.error_count, updated.settings) == ("timeout", 2, {"x": 1})
    store.remove_source(added.id)
    assert store.list_sources() == []
    with pytest.raises(StoreError, match="no source"):
        store.get_source(added.id)


def test_due_sources_respects_time_and_status(store: Store) -> None:
    now = datetime.now(UTC)
    due = store.add_source("https://a.example/feed", name="a", kind="feed", interval_s=60)
    later = store.add_source("https://b.example/feed", name="b", kind="feed", interval_s=60)
    paused = store.add_source("https://c.example/feed", name="c", kind="feed", interval_s=60)
    store.update_source(later.id, next_poll_at=now + timedelta(hours=1))
    store.update_source(paused.id, status="paused")
    assert [s.id for s in store.due_sources(now + timedelta(seconds=1))] == [due.id]


def test_fetch_body_kept_whole(store: Store) -> None:
    body = "<html><body>Päivä سلام</body></html>".encode() * 200
    result = FetchResult(url="https://x.example/a", final_url="https://x.example/b", status=200,
                         headers={"content-type": "text/html"}, body=body,
                         fetched_at=datetime.now(UTC), charset="utf-8")
    fetch_id = store.save_fetch(result)
    again = store.get_fetch(fetch_id)
    assert (again.body, again.final_url, again.headers) == (body, result.final_url, result.headers)


def test_bodies_stored_by_earlier_versions_still_read() -> None:
    body = b"<html><body>Harbour fares rise</body></html>" * 50
    assert unpack_body(zlib.compress(body, 6)) == body  # rows written before Brotli
    assert unpack_body(pack_body(body)) == body
    assert len(pack_body(body)) < len(body) // 10
    assert unpack_body(pack_body(b"")) == b""


def test_article_round_trip_and_revisions(store: Store) -> None:
    first = store.save_article(_article(), source_id=None, fetch_id=None)
    assert first.created
    same = store.save_article(_article(), source_id=None, fetch_id=None)
    assert (same.id, same.created, same.changed) == (first.id, False, False)
    changed = store.save_article(_article(title="Cabinet approves revised harbour budget"),
                                 source_id=None, fetch_id=None)
    assert (changed.id, changed.created, changed.changed) == (first.id, False, True)
    stored = store.get_article(first.id)
    assert stored.revision == 2
    assert stored.article.title == "Cabinet approves revised harbour budget"
    assert stored.article.original_source == Credit("Meridian Press Agency", "Economy Desk")
    assert stored.article.repairs == [Edit("text", 4, "cabinetapproved", "cabinet approved")]
    assert stored.article.published == datetime(2026, 11, 28, 9, 30, tzinfo=UTC)
    assert store.article_count() == 1


def test_guid_remembered_per_source(store: Store) -> None:
    source = store.add_source("https://a.example/feed", name="a", kind="feed", interval_s=60)
    saved = store.save_article(_article(), source_id=source.id, fetch_id=None, guid="item-1")
    assert store.seen_guid(source.id, "item-1")
    assert not store.seen_guid(source.id, "item-2")
    assert store.find_article_id(_article().url) == saved.id


def test_a_polls_items_are_looked_up_together(store: Store) -> None:
    source = store.add_source("https://a.example/feed", name="a", kind="feed", interval_s=60)
    saved = store.save_article(_article(), source_id=source.id, fetch_id=None, guid="item-1")
    urls = [_article().url, "https://a.example/never-stored", *(
        f"https://a.example/{n}" for n in range(1200))]  # more than one statement's worth
    assert store.article_ids_by_url(urls) == {_article().url: saved.id}
    assert store.seen_guids(source.id, ["item-1", "item-2", *map(str, range(1200))]) == {
        "item-1"}
    assert store.article_ids_by_url([]) == {} and store.seen_guids(source.id, []) == set()


def test_search_finds_words_and_filters(store: Store) -> None:
    store.save_article(_article(), source_id=None, fetch_id=None)
    store.save_article(_article("https://b.example/x", title="Storm closes Velmora airport",
                                text="Flights were grounded.", language="fr"),
                       source_id=None, fetch_id=None)
    assert [a.article.title for a in store.search("harbour budget")] == [
        "Cabinet approves the harbour budget"]
    assert len(store.search("Velmora")) == 2
    assert [a.article.language for a in store.search("Velmora", language="fr")] == ["fr"]
    assert store.search("  ") == []
    assert store.search('"unbalanced AND (') == []


def test_stories_group_articles_original_first(store: Store) -> None:
    a = store.save_article(_article(), source_id=None, fetch_id=None)
    b = store.save_article(_article("https://copy.example/1", publisher="Lantern"),
                           source_id=None, fetch_id=None)
    assert store.story_of_article(b.id) is None
    story_id = store.create_story("Cabinet approves the harbour budget", a.id)
    store.assign_story(b.id, story_id, Relation.COPY)
    assert store.story_of_article(b.id) == story_id
    assert store.story_of_article(b.id + 1000) is None
    store.assign_story(a.id, story_id, Relation.ORIGINAL)
    [story] = store.list_stories()
    assert story.article_count == 2
    assert [x.id for x in story.articles] == [a.id, b.id]
    assert [x.relation for x in story.articles] == ["original", "copy"]
    other = store.create_story("Other", b.id)
    store.assign_story(b.id, other, Relation.ORIGINAL)
    assert store.get_story(story_id).article_count == 1


def test_signatures_decisions_publications_vocabulary(store: Store) -> None:
    a = store.save_article(_article(), source_id=None, fetch_id=None)
    story_id = store.create_story("t", a.id)
    store.assign_story(a.id, story_id, Relation.ORIGINAL)
    store.save_signature(a.id, "scheme-v1", b"\x01\x02", b"{}")
    [sig] = store.signatures_after(0)
    assert (sig.article_id, sig.story_id, sig.minhash) == (a.id, story_id, b"\x01\x02")
    store.add_decision(StoryDecision("split", story_id, article_id=a.id))
    decisions = [d for _, d in store.decisions_after(0)]
    assert decisions == [StoryDecision("split", story_id, a.id, None)]
    assert store.claim_post(story_id, "telegram:@news", datetime.now(UTC))
    assert not store.claim_post(story_id, "telegram:@news", datetime.now(UTC))
    assert store.channel_post(story_id, "telegram:@news").state == "sending"
    store.add_vocabulary([("Farahani", 2)])
    store.add_vocabulary([("Farahani", 1), ("Velmora", 1)])
    assert dict(store.vocabulary_counts()) == {"Farahani": 3, "Velmora": 1}
    site = "lantern.example"
    store.record_site_lines({site: 1}, {(site, "back to top"): 1, (site, "share"): 1})
    store.record_site_lines({site: 1}, {(site, "back to top"): 1})
    assert store.site_line_counts("lantern.example") == (2, {"back to top": 2})


def test_signatures_published_are_read_in_batches_all_of_them(store: Store) -> None:
    start = datetime(2026, 11, 20, tzinfo=UTC)
    ids = []
    for n in range(1205):  # more than two batches
        published = start + timedelta(minutes=3 * n)
        saved = store.save_article(_article(f"https://agency.example/n/{n}", published=published),
                                   source_id=None, fetch_id=None)
        store.save_signature(saved.id, "scheme-v1", n.to_bytes(2, "big"), b"{}")
        ids.append(saved.id)
    found = store.signatures_published(start + timedelta(minutes=30), start + timedelta(days=2))
    rows = list(found)
    assert sorted(r.article_id for r in rows) == ids[10:960]
    assert {r.minhash for r in rows} == {n.to_bytes(2, "big") for n in range(10, 960)}
    assert all(r.published is not None and r.published.tzinfo for r in rows)
    half = store.signatures_published(start, start + timedelta(days=3))
    next(half)  # a read left half done ends with its iterator; the store goes on
    del half
    store.save_signature(ids[0], "scheme-v2", b"\x09", b"{}")
    assert store.signatures_of([ids[0]])[0].scheme == "scheme-v2"


def test_reopening_keeps_data(store_url: str) -> None:
    with open_store(store_url) as first:
        first.add_source("https://a.example/feed", name="a", kind="feed", interval_s=60)
    with open_store(store_url) as second:
        assert len(second.list_sources()) == 1


def test_unreachable_postgres_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=1")


def test_reads_do_not_wait_for_a_writer(store: Store) -> None:
    import threading

    store.add_source("https://a.example/feed", name="a", kind="feed", interval_s=60)
    holding, read_done = threading.Event(), threading.Event()

    def writer() -> None:
        with store.transaction() as tx:
            tx.run("UPDATE sources SET name = ? WHERE url = ?", ("renamed", "https://a.example/feed"))
            holding.set()
            read_done.wait(10)  # keep the write open until the reader is through

    thread = threading.Thread(target=writer)
    thread.start()
    assert holding.wait(10)
    names = [s.name for s in store.list_sources()]  # must not block on the open write
    read_done.set()
    thread.join(10)
    assert names == ["a"]  # the snapshot from before the writer commits
    assert [s.name for s in store.list_sources()] == ["renamed"]
