"""StoryDesk on both engines: placing, corrections, and several desks sharing one store."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bench.scale.network import article_text

from newsdesk.records import Article, Credit, Relation
from newsdesk.store import Store, open_store
from newsdesk.stories import StoryCandidate
from newsdesk.story_desk import StoryDesk

PUBLISHED = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)


def _article(story: int, outlet: str, *, extra: str = "") -> Article:
    """Outlet ``outlet``'s version of invented story ``story`` (same text, own URL)."""
    title, body = article_text(900, story)
    text = "\n\n".join([*body, extra] if extra else body)
    return Article(url=f"https://{outlet}.example/{story}", title=title, text=text,
                   published=PUBLISHED, publisher=outlet.title())


def _saved(store: Store, article: Article) -> int:
    return store.save_article(article, source_id=None, fetch_id=None).id


def test_a_copy_joins_the_story_and_another_story_starts_its_own(store: Store) -> None:
    desk = StoryDesk(store)
    first = _article(1, "harbourpost")
    story = desk.place(_saved(store, first), first)
    copy = _article(1, "valleywire", extra="Reporting by the Valley Wire desk.")
    copy_id = _saved(store, copy)
    other = _article(2, "harbourpost")
    assert desk.place(copy_id, copy) == story
    assert desk.place(_saved(store, other), other) != story
    assert store.get_article(copy_id).relation == Relation.COPY.value


def test_a_second_desk_sees_what_the_first_placed(store: Store) -> None:
    early, late = StoryDesk(store), StoryDesk(store)
    first = _article(3, "harbourpost")
    story = early.place(_saved(store, first), first)
    copy = _article(3, "valleywire")
    assert late.place(_saved(store, copy), copy) == story


def test_an_article_saved_earlier_but_placed_later_is_still_found(store: Store) -> None:
    # ids are handed out at save time; another desk may sign a lower id after we read past it
    watcher, placer = StoryDesk(store), StoryDesk(store)
    slow, quick = _article(4, "harbourpost"), _article(5, "harbourpost")
    slow_id, quick_id = _saved(store, slow), _saved(store, quick)
    placer.place(quick_id, quick)
    unrelated = _article(6, "valleywire")
    watcher.place(_saved(store, unrelated), unrelated)  # reads past slow_id, unsigned yet
    slow_story = placer.place(slow_id, slow)
    copy = _article(4, "valleywire")
    assert watcher.place(_saved(store, copy), copy) == slow_story


def test_copies_placed_at_once_by_two_processes_make_one_story(store_url: str) -> None:
    stores = [open_store(store_url), open_store(store_url)]
    try:
        desks = [StoryDesk(s) for s in stores]
        ids = [[_saved(s, _article(7, f"outlet{n}{k}")) for k in range(3)]
               for n, s in enumerate(stores)]
        start = threading.Barrier(2)
        placed: list[int] = []

        def place_all(n: int) -> None:
            start.wait(10)
            for k, article_id in enumerate(ids[n]):
                placed.append(desks[n].place(article_id, _article(7, f"outlet{n}{k}")))

        threads = [threading.Thread(target=place_all, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(placed) == 6
        assert len(set(placed)) == 1
        assert stores[0].get_story(placed[0]).article_count == 6
    finally:
        for opened in stores:
            opened.close()


def test_split_and_merge_made_by_one_desk_are_respected_by_another(store: Store) -> None:
    maker, other = StoryDesk(store), StoryDesk(store)
    first, copy = _article(8, "harbourpost"), _article(8, "valleywire")
    story = maker.place(_saved(store, first), first)
    copy_id = _saved(store, copy)
    maker.place(copy_id, copy)
    new_story = maker.split(copy_id)
    assert new_story != story
    again = _article(8, "ridgeline")
    assert other.place(_saved(store, again), again) != story  # the split holds for copies
    third = _article(9, "harbourpost")
    third_story = maker.place(_saved(store, third), third)
    maker.merge(third_story, story)
    copy_of_third = _article(9, "valleywire")
    assert other.place(_saved(store, copy_of_third), copy_of_third) == story
    assert store.get_story(third_story).article_count == 0
    assert store.get_story(third_story).merged_into == story  # retired: it redirects there


def test_a_channel_post_joins_the_story_it_links_to(store: Store) -> None:
    desk = StoryDesk(store)
    first = _article(8, "harbourpost")
    story = desk.place(_saved(store, first), first)
    post = Article(url="https://t.me/harbourchannel/77", title="Big news from the harbour",
                   text="Big news from the harbour today, read the full story.",
                   published=PUBLISHED, publisher="Harbour channel")
    post_id = _saved(store, post)
    assert desk.place(post_id, post, links=["https://harbourpost.example/8?utm_source=tg"]) \
        == story
    assert store.get_article(post_id).relation == Relation.REWRITE.value
    lonely = Article(url="https://t.me/harbourchannel/78", title="Good morning",
                     text="Good morning from the harbour channel.", published=PUBLISHED)
    assert desk.place(_saved(store, lonely), lonely,
                      links=["https://nowhere.example/x"]) != story


def test_the_credited_outlet_becomes_the_original_and_others_are_relabelled(
        store: Store) -> None:
    desk = StoryDesk(store)
    copy = replace(_article(9, "valleywire"), original_source=Credit("Harbourpost"))
    copy_id = _saved(store, copy)
    story = desk.place(copy_id, copy)
    assert store.get_story(story).original_article_id == copy_id  # alone: its own original
    agency = _article(9, "harbourpost")
    agency_id = _saved(store, agency)
    assert desk.place(agency_id, agency) == story
    assert store.get_story(story).original_article_id == agency_id
    assert store.get_article(copy_id).relation == Relation.COPY.value
    assert store.get_article(agency_id).relation == Relation.ORIGINAL.value


def test_a_post_stored_before_the_article_it_links_to_joins_it_later(store: Store) -> None:
    desk = StoryDesk(store)
    post = Article(url="https://t.me/harbourchannel/80", title="Coming up on the harbour",
                   text="Coming up: the full story from the harbour.",
                   published=PUBLISHED + timedelta(minutes=8))
    post_id = _saved(store, post)
    alone = desk.place(post_id, post, links=["https://harbourpost.example/10"])
    article = _article(10, "harbourpost")
    story = desk.place(_saved(store, article), article)
    assert story != alone
    assert store.get_article(post_id).story_id == story
    assert store.get_story(story).article_count == 2
    assert store.get_article(post_id).relation == Relation.REWRITE.value
    assert store.get_story(alone).merged_into == story  # no empty leftover
    assert [s.id for s in store.list_stories()] == [story]
    assert store.get_story(story).original_article_id != post_id  # a relay is no original


def test_an_article_whose_placement_was_cut_short_is_placed_later(store: Store) -> None:
    desk = StoryDesk(store)
    first = _article(11, "harbourpost")
    story = desk.place(_saved(store, first), first)
    orphan_id = _saved(store, _article(11, "valleywire"))  # saved, then the worker died
    assert desk.place_unplaced() == 0  # too recent: another process may be placing it
    with store.transaction() as tx:
        tx.run("UPDATE articles SET first_seen = ? WHERE id = ?",
               (PUBLISHED, orphan_id))
    assert desk.place_unplaced() == 1
    assert store.get_article(orphan_id).story_id == story


def test_no_story_is_left_empty_and_alive(store: Store) -> None:
    desk = StoryDesk(store)
    first = _article(12, "harbourpost")
    lone_id = _saved(store, first)
    lone = desk.place(lone_id, first)
    new = desk.split(lone_id)  # its only article leaves: the old story follows it
    assert store.get_story(lone).merged_into == new
    assert store.live_story_id(lone) == new
    other = _article(13, "harbourpost")
    other_story = desk.place(_saved(store, other), other)
    assert desk.merge(new, other_story) == other_story
    assert store.live_story_id(lone) == other_story  # chains are followed
    assert desk.merge(lone, other_story) == other_story  # merging into itself does nothing
    assert [s.id for s in store.list_stories()] == [other_story]


def test_an_article_placed_in_a_story_merged_away_lands_in_the_live_one(store: Store) -> None:
    stale, current = StoryDesk(store), StoryDesk(store)
    first, second = _article(14, "harbourpost"), _article(15, "harbourpost")
    story = stale.place(_saved(store, first), first)
    target = stale.place(_saved(store, second), second)
    current.merge(story, target)
    copy = _article(14, "valleywire")
    assert stale.place(_saved(store, copy), copy) == target
    assert store.get_story(story).article_count == 0


def test_a_corrected_original_retitles_its_story(store: Store) -> None:
    desk = StoryDesk(store)
    first = _article(16, "harbourpost")
    article_id = _saved(store, first)
    story = desk.place(article_id, first)
    before = store.get_story(story).updated_at
    corrected = replace(first, title="Corrected: " + first.title)
    assert store.save_article(corrected, source_id=None, fetch_id=None).changed
    assert desk.place(article_id, corrected) == story
    assert store.get_story(story).title == corrected.title
    assert store.get_story(story).updated_at > before


def test_articles_signed_under_an_older_scheme_are_signed_again_at_start(store: Store) -> None:
    first = _article(17, "harbourpost")
    article_id = _saved(store, first)
    story = StoryDesk(store).place(article_id, first)
    store.save_signature(article_id, "rensa1-old-scheme", b"\x00", b"\x00")
    desk = StoryDesk(store)  # a restart after an upgrade
    [row] = store.signatures_of([article_id])
    assert row.scheme == desk.index.sign(_candidate_of(article_id, first)).scheme
    copy = _article(17, "valleywire")
    assert desk.place(_saved(store, copy), copy) == story


def _candidate_of(article_id: int, article: Article) -> StoryCandidate:
    return StoryCandidate(article_id=article_id, title=article.title, summary=article.summary,
                          text=article.text, published=article.published,
                          publisher=article.publisher, url=article.url,
                          original_source=article.original_source)

