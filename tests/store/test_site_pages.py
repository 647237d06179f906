"""What the site reads: news time (publication, or first sighting), timelines paged by it,
tags, sections and sitemap rows, on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.records import Article
from newsdesk.store import Store
from newsdesk.store.publishing import ArticleFilter, news_time

NOW = datetime.now(UTC).replace(microsecond=0)  # SQLite keeps milliseconds


def _save(store: Store, slug: str, *, published: datetime | None, tags: tuple[str, ...] = (),
          source: int | None = None) -> int:
    return store.save_article(Article(url=f"https://quay.example/{slug}", title=slug,
                                      published=published, tags=list(tags)),
                              source_id=source, fetch_id=None).id


def _story(store: Store, article_id: int) -> int:
    story = store.create_story(f"story of {article_id}", article_id)
    store.assign_story(article_id, story, "original")
    return story


def test_stories_are_ordered_by_their_original_s_publication(store: Store) -> None:
    old = _story(store, _save(store, "old", published=NOW - timedelta(hours=5)))
    new = _story(store, _save(store, "new", published=NOW - timedelta(hours=1)))
    undated = _story(store, _save(store, "undated", published=None))
    wrong_zone = _story(store, _save(store, "future", published=NOW + timedelta(hours=9)))
    order = [s.id for s in store.story_page()]
    # no time or a time in the future: the moment we first saw it (now), so first
    assert order[2:] == [new, old] and set(order[:2]) == {undated, wrong_zone}
    page = store.story_page(limit=2, before=(store.story_page()[1].news_time, order[1]))
    assert [s.id for s in page] == [new, old]
    story = store.story_page()[-1]
    assert story.news_time == NOW - timedelta(hours=5)


def test_a_revised_publication_time_moves_the_story(store: Store) -> None:
    first = _save(store, "moving", published=NOW - timedelta(hours=8))
    moving = _story(store, first)
    _story(store, _save(store, "steady", published=NOW - timedelta(hours=4)))
    assert store.story_page()[-1].id == moving
    store.save_article(Article(url="https://quay.example/moving", title="moving, updated",
                               published=NOW - timedelta(hours=1)), source_id=None,
                       fetch_id=None)
    assert store.story_page()[0].id == moving


def test_article_timeline_pages_by_news_time_without_repeats(store: Store) -> None:
    ids = [_save(store, f"a{n}", published=NOW - timedelta(minutes=n)) for n in range(7)]
    first = store.article_timeline(limit=3)
    assert [a.id for a in first.articles] == ids[:3] and first.more
    second = store.article_timeline(limit=3, before=first.more)
    third = store.article_timeline(limit=3, before=second.more)
    assert [a.id for a in second.articles + third.articles] == ids[3:]
    assert third.more is None
    assert news_time(first.articles[0]) == NOW


def test_tag_pages_follow_the_article_s_tags(store: Store) -> None:
    budget = _save(store, "budget", published=NOW - timedelta(hours=2),
                   tags=("Budget", "Harbour"))
    _save(store, "ferry", published=NOW - timedelta(hours=1), tags=("Harbour",))
    harbour = store.article_timeline(tag="Harbour")
    assert [a.article.title for a in harbour.articles] == ["ferry", "budget"]
    store.save_article(Article(url="https://quay.example/budget", title="budget, revised",
                               published=NOW - timedelta(hours=2), tags=["Budget"]),
                       source_id=None, fetch_id=None)
    assert [a.id for a in store.article_timeline(tag="Budget").articles] == [budget]
    assert [a.article.title for a in store.article_timeline(tag="Harbour").articles] == [
        "ferry"]


def test_sections_are_the_top_folders(store: Store) -> None:
    for n, folder in enumerate(("Wires/Nordic", "Wires/South", "Local", None, "/Sport/")):
        store.add_source(f"https://s{n}.example/rss", name=f"s{n}", kind="feed",
                         interval_s=600, folder=folder)
    assert store.top_folders() == ["Local", "Sport", "Wires"]
    wire = store.list_sources()[0].id
    _story(store, _save(store, "wire-news", published=NOW, source=wire))
    _story(store, _save(store, "other-news", published=NOW))
    shown = store.story_page(ArticleFilter(folder="Wires"))
    assert [s.articles[0].article.title for s in shown] == ["wire-news"]


def test_sitemap_rows_by_month(store: Store) -> None:
    march = datetime(2025, 3, 10, 12, tzinfo=UTC)
    for n in range(3):
        _story(store, _save(store, f"m{n}", published=march + timedelta(days=n)))
    _save(store, "april", published=datetime(2025, 4, 2, tzinfo=UTC))
    months = store.sitemap_months()
    assert [(m.month.month, m.stories, m.articles) for m in months] == [(3, 3, 3), (4, 0, 1)]
    assert months[0].latest == march + timedelta(days=2)
    entries = store.sitemap_entries("articles", months[0].month, months[1].month, limit=2)
    assert len(entries) == 2 and entries[0][1] == march
    rest = store.sitemap_entries("articles", months[0].month, months[1].month, offset=2)
    assert len(rest) == 1
    assert len(store.stories_since(march + timedelta(days=1))) == 2
