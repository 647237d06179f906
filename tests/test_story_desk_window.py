"""StoryDesk with an index that holds recent days only, on both engines: what it forgets
the store still has, for late articles, restarts, corrections and other processes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bench.scale.network import article_text

from newsdesk.records import Article, Relation
from newsdesk.store import Store
from newsdesk.story_desk import StoryDesk

START = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
DAYS = 10  # of news after the first day: the first day is long forgotten


def _article(story: int, outlet: str, published: datetime | None) -> Article:
    title, body = article_text(900, story)
    return Article(url=f"https://{outlet}.example/{story}", title=title,
                   text="\n\n".join(body), published=published, publisher=outlet.title())


def _place(desk: StoryDesk, store: Store, article: Article) -> tuple[int, int]:
    """(article id, story id)."""
    article_id = store.save_article(article, source_id=None, fetch_id=None).id
    return article_id, desk.place(article_id, article)


def _news(desk: StoryDesk, store: Store, days: int = DAYS, per_day: int = 2) -> None:
    """Unrelated articles, a few a day for ``days`` days after START, in time order."""
    for n in range(1, days * per_day + 1):
        _place(desk, store, _article(7000 + n, "filler", START + timedelta(days=n / per_day)))


def test_old_days_are_forgotten_and_a_late_copy_still_joins_its_story(store: Store) -> None:
    desk = StoryDesk(store)
    _, story = _place(desk, store, _article(1, "harbourpost", START))
    _news(desk, store)
    assert len(desk.index) < 2 * DAYS  # the first days are forgotten
    assert desk.index.story_of(1) is None
    late_id, late_story = _place(desk, store, _article(1, "valleywire",
                                                       START + timedelta(hours=3)))
    assert late_story == story
    assert store.get_article(late_id).relation == Relation.COPY.value
    # the day is held (thinly) now: a second late copy joins without reading it again
    _, again = _place(desk, store, _article(1, "ridgeline", START + timedelta(hours=5)))
    assert again == story
    assert store.get_story(story).article_count == 3


def test_a_late_article_with_no_peer_starts_its_own_story(store: Store) -> None:
    desk = StoryDesk(store)
    _news(desk, store)
    _, story = _place(desk, store, _article(2, "harbourpost", START - timedelta(days=30)))
    assert store.get_story(story).article_count == 1


def test_a_restart_loads_only_the_window(store: Store) -> None:
    first = StoryDesk(store)
    _, old_story = _place(first, store, _article(3, "harbourpost", START))
    _news(first, store)
    _, recent_story = _place(first, store, _article(4, "harbourpost",
                                                    START + timedelta(days=DAYS)))
    held = len(first.index)
    restarted = StoryDesk(store)
    assert len(restarted.index) == held < store.count_articles()
    assert restarted.index.story_of(1) is None
    _, story = _place(restarted, store, _article(4, "valleywire",
                                                 START + timedelta(days=DAYS, hours=1)))
    assert story == recent_story
    _, story = _place(restarted, store, _article(3, "valleywire", START + timedelta(hours=1)))
    assert story == old_story  # late: read from the store


def test_split_and_merge_hold_for_forgotten_articles(store: Store) -> None:
    desk = StoryDesk(store)
    _, story = _place(desk, store, _article(5, "harbourpost", START))
    copy_id, _ = _place(desk, store, _article(5, "valleywire", START + timedelta(hours=1)))
    desk.split(copy_id)
    _, other = _place(desk, store, _article(6, "harbourpost", START))
    desk.merge(other, story)
    _news(desk, store)
    for desk_now in (desk, StoryDesk(store)):  # this process, and a restarted one
        outlet = "ridgeline" if desk_now is desk else "stonebridge"
        _, placed = _place(desk_now, store, _article(5, outlet, START + timedelta(hours=2)))
        assert placed != story  # the split holds for copies of the article split out
        _, merged = _place(desk_now, store, _article(6, outlet, START + timedelta(hours=2)))
        assert merged == story


def test_another_process_places_a_late_article_in_a_day_this_one_visited(
        store: Store) -> None:
    mine, theirs = StoryDesk(store), StoryDesk(store)
    _, story = _place(mine, store, _article(8, "harbourpost", START))
    _news(mine, store)
    _, first = _place(mine, store, _article(9, "harbourpost", START + timedelta(hours=1)))
    _, copy = _place(theirs, store, _article(9, "valleywire", START + timedelta(hours=2)))
    assert copy == first != story
    _, again = _place(mine, store, _article(9, "ridgeline", START + timedelta(hours=3)))
    assert again == first
    assert store.get_story(first).article_count == 3


def test_undated_articles_of_late_are_loaded_at_start(store: Store) -> None:
    desk = StoryDesk(store)
    _news(desk, store, days=2)
    _, story = _place(desk, store, _article(10, "harbourpost", None))
    restarted = StoryDesk(store)
    _, copy = _place(restarted, store, _article(10, "valleywire", None))
    assert copy == story
