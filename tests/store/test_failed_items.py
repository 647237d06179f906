"""Failed items and the new article fields, on both engines."""

from __future__ import annotations

from newsdesk.records import Article
from newsdesk.store import Store


def test_failed_items_are_kept_counted_and_cleared(store: Store) -> None:
    source = store.add_source("https://wire.example/feed", name="Wire", kind="feed",
                              interval_s=60)
    url = "https://wire.example/a/1"
    store.record_failed_item(source.id, url, "the page could not be fetched: 503", guid="g1")
    store.record_failed_item(source.id, url, "The page is not HTML.")
    [failure] = store.failed_items(source.id)
    assert (failure.url, failure.guid, failure.attempts) == (url, "g1", 2)
    assert failure.error == "The page is not HTML."
    assert store.failed_attempts(source.id) == {url: 2}
    store.update_source(source.id, items_failed=1)
    assert store.get_source(source.id).items_failed == 1
    store.clear_failed_item(source.id, url)
    assert store.failed_items() == [] and store.failed_attempts(source.id) == {}


def test_warnings_page_read_and_origin_round_trip(store: Store) -> None:
    article = Article(url="https://republisher.example/x", title="Dock strike ends",
                      text="Dock workers ended their strike.", page_read=False,
                      warnings=["credit failed: RuntimeError: boom"],
                      origin_url="https://agency.example/dock-strike")
    saved = store.save_article(article, source_id=None, fetch_id=None)
    stored = store.get_article(saved.id).article
    assert (stored.page_read, stored.warnings, stored.origin_url) == (
        False, ["credit failed: RuntimeError: boom"], "https://agency.example/dock-strike")
    read = Article(url=article.url, title=article.title, text=article.text)
    assert store.save_article(read, source_id=None, fetch_id=None).changed  # read at last
    assert store.get_article(saved.id).article.page_read is True
