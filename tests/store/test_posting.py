"""The posting queue on both engines: states, one claimant, operator actions, merges, and
publications recorded before the queue existed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.records import Article, Relation
from newsdesk.store import Store, open_store
from tests.store.old_schema import create_version

CHANNEL = "telegram:@news"


def _story(store: Store, slug: str) -> int:
    saved = store.save_article(Article(url=f"https://wire.example/{slug}", title=slug,
                                       text="Some text."), source_id=None, fetch_id=None)
    story = store.create_story(slug, saved.id)
    store.assign_story(saved.id, story, Relation.ORIGINAL)
    return story


def _state(store: Store, story: int) -> str | None:
    post = store.channel_post(story, CHANNEL)
    return None if post is None else post.state


def test_a_held_post_is_claimed_once_when_due_and_then_sent(store: Store) -> None:
    story = _story(store, "ferry")
    moment = datetime.now(UTC)
    assert store.stories_to_post(CHANNEL, since=moment - timedelta(days=1)) == [story]
    assert store.hold_post(story, CHANNEL, moment + timedelta(minutes=5))
    assert not store.hold_post(story, CHANNEL, moment)  # queued already
    assert store.stories_to_post(CHANNEL, since=moment - timedelta(days=1)) == []
    assert store.due_posts(CHANNEL, moment) == []
    assert not store.claim_post(story, CHANNEL, moment)  # not due yet
    later = moment + timedelta(minutes=6)
    assert [p.story_id for p in store.due_posts(CHANNEL, later)] == [story]
    assert store.claim_post(story, CHANNEL, later)
    assert not store.claim_post(story, CHANNEL, later)  # one claimant only
    store.mark_post_sent(story, CHANNEL, "1001", "hash-1")
    sent = store.channel_post(story, CHANNEL)
    assert sent is not None
    assert (sent.state, sent.message_id, sent.content_hash, sent.attempts) == (
        "sent", "1001", "hash-1", 1)
    assert not store.claim_post(story, CHANNEL, later)


def test_a_refused_post_is_retried_when_due_and_an_unknown_one_only_by_hand(
        store: Store) -> None:
    refused, unknown = _story(store, "refused"), _story(store, "unknown")
    moment = datetime.now(UTC)
    for story in (refused, unknown):
        assert store.claim_post(story, CHANNEL, moment)
    store.mark_post_failed(refused, CHANNEL, "sendMessage answered 500", moment
                           + timedelta(seconds=30))
    store.mark_post_unknown(unknown, CHANNEL, "sendMessage: TimeoutError")
    assert _state(store, refused) == "failed"
    assert _state(store, unknown) == "sending"
    assert store.due_posts(CHANNEL, moment) == []
    due = store.due_posts(CHANNEL, moment + timedelta(seconds=31))
    assert [p.story_id for p in due] == [refused]
    assert store.claim_post(refused, CHANNEL, moment + timedelta(seconds=31))
    assert store.channel_post(refused, CHANNEL).attempts == 2  # type: ignore[union-attr]
    assert store.retry_post(unknown, CHANNEL)  # the operator takes the risk of a duplicate
    assert [p.story_id for p in store.due_posts(CHANNEL, moment)] == [unknown]


def test_operators_skip_post_now_and_cannot_undo_a_sent_post(store: Store) -> None:
    held, sent = _story(store, "held"), _story(store, "sent")
    moment = datetime.now(UTC)
    store.hold_post(held, CHANNEL, moment + timedelta(hours=1))
    assert store.skip_post(held, CHANNEL, "skipped by an editor")
    assert store.channel_post(held, CHANNEL).last_error == "skipped by an editor"  # type: ignore[union-attr]
    assert store.due_posts(CHANNEL, moment + timedelta(days=1)) == []
    assert store.post_now(held, CHANNEL)
    assert [p.story_id for p in store.due_posts(CHANNEL, moment)] == [held]
    assert store.claim_post(sent, CHANNEL, moment)
    store.mark_post_sent(sent, CHANNEL, "7", "h")
    assert not store.skip_post(sent, CHANNEL, "too late")
    assert not store.post_now(sent, CHANNEL)
    assert not store.retry_post(sent, CHANNEL)
    assert {p.story_id: p.state for p in store.channel_posts(CHANNEL)} == {
        held: "pending", sent: "sent"}
    assert [p.story_id for p in store.channel_posts(states=("sent",))] == [sent]


def test_a_changed_story_makes_its_sent_post_stale_until_touched(store: Store) -> None:
    story = _story(store, "tower")
    moment = datetime.now(UTC)
    since = moment - timedelta(days=1)
    store.claim_post(story, CHANNEL, moment)
    store.mark_post_sent(story, CHANNEL, "9", "h")
    assert store.stale_posts(CHANNEL, since=since, moment=moment) == []
    store.touch_story(story)  # an article of the story has a new revision
    assert [p.story_id for p in store.stale_posts(CHANNEL, since=since, moment=moment)] == [story]
    store.touch_post(story, CHANNEL)
    assert store.stale_posts(CHANNEL, since=since, moment=moment) == []


def test_a_merged_story_is_never_queued_and_its_sent_post_is_adopted(store: Store) -> None:
    early, late = _story(store, "early"), _story(store, "late")
    moment = datetime.now(UTC)
    store.claim_post(early, CHANNEL, moment)
    store.mark_post_sent(early, CHANNEL, "1001", "h")
    store.hold_post(late, CHANNEL, moment + timedelta(minutes=5))
    assert store.move_story_articles(early, late) == late
    assert store.get_story(early).merged_into == late
    assert store.get_story(early).articles == []
    assert store.stories_to_post(CHANNEL, since=moment - timedelta(days=1)) == []
    adopted = store.adopt_merged_post(late, CHANNEL)
    assert adopted is not None and (adopted.story_id, adopted.message_id) == (late, "1001")
    assert store.channel_post(early, CHANNEL) is None
    assert store.adopt_merged_post(late, CHANNEL) is None


def test_publications_from_before_the_queue_are_sent_or_of_unknown_delivery(
        store_url: str) -> None:
    create_version(store_url, 4, [
        "INSERT INTO stories (id, title, first_seen, updated_at, article_count) VALUES"
        " (1, 'Old', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 0)",
        "INSERT INTO stories (id, title, first_seen, updated_at, article_count) VALUES"
        " (2, 'Older', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 0)",
        "INSERT INTO publications (story_id, channel, message_id, published_at) VALUES"
        f" (1, '{CHANNEL}', '55', '2025-01-01T00:05:00+00:00')",
        "INSERT INTO publications (story_id, channel, message_id, published_at) VALUES"
        f" (2, '{CHANNEL}', NULL, '2025-01-01T00:05:00+00:00')",
    ])
    with open_store(store_url) as store:
        assert _state(store, 1) == "sent"
        assert _state(store, 2) == "sending"
        assert store.get_story(1).merged_into is None
