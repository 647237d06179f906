"""The WordPress publisher under the poster, on both stores, against a real WordPress: each
story posted once (even by several posters, in several processes), kept in step when it
changes, hidden with the desk, and failures recorded where the desk shows them."""

from __future__ import annotations

import asyncio
import html
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from newsdesk.config import WordPressSettings
from newsdesk.publish import Composed, Poster
from newsdesk.publish.wordpress import WordPressPublisher
from newsdesk.records import Credit
from newsdesk.store import Store
from newsdesk.store.curation import credit_text
from newsdesk.store.image_files import image_dir
from tests.publish.newsroom import Newsroom, fill, give_picture
from tests.publish.telegram_setup import FakeTime
from tests.publish.wordpress_posting import post_in_a_process, settings_for, wordpress_poster
from tests.publish.wordpress_site import WordPressSite

TITLES = {"Night ferry to Skarra resumes", "Retired teacher finds a new moth",
          "پل تازه بر رود سرو گشوده شد", "Council votes on the harbour wall"}


def png() -> bytes:
    import io

    from PIL import Image

    frame = io.BytesIO()
    Image.new("RGB", (400, 250), (200, 160, 40)).save(frame, "PNG")
    return frame.getvalue()


@pytest.fixture
def room(store: Store) -> Newsroom:
    filled = fill(store)
    store.update_source(filled.sources["Gullhaven Wire"], folder="Regions/Coast")
    give_picture(store, filled.articles["moth"], png())
    return filled


@pytest.fixture
def settings(wordpress: WordPressSite) -> WordPressSettings:
    return settings_for(wordpress.url, wordpress.user, wordpress.app_password)


def channel_of(settings: WordPressSettings) -> str:
    return f"wordpress:{settings.url}"


def post_of(store: Store, wordpress: WordPressSite, settings: WordPressSettings,
            story_id: int) -> dict[str, Any]:
    queued = store.channel_post(story_id, channel_of(settings))
    assert queued is not None and queued.state == "sent" and queued.message_id
    return wordpress.post(queued.message_id.split()[0])


async def test_each_new_story_becomes_one_post(store: Store, room: Newsroom,
                                               wordpress: WordPressSite,
                                               settings: WordPressSettings) -> None:
    async with wordpress_poster(store, settings) as poster:
        assert await poster.post_pending() == 4
        assert await poster.post_pending() == 0

    posts = wordpress.posts()
    assert {html.unescape(p["title"]["raw"]) for p in posts} == TITLES  # not one per copy
    ferry = post_of(store, wordpress, settings, room.stories["ferry"])
    assert ferry["status"] == "publish"
    assert "Originally reported by <strong>Gullhaven Wire</strong>" in ferry["content"]["raw"]
    assert ferry["meta"]["newsdesk_credit"] == "Gullhaven Wire"
    assert ferry["meta"]["newsdesk_source_url"] == "https://gullhavenwire.example/ferry"
    (category,) = ferry["categories"]
    assert wordpress.terms("categories")[category]["name"] == "Coast"
    moth = post_of(store, wordpress, settings, room.stories["moth"])
    media = wordpress.rest(f"/wp/v2/media/{moth['featured_media']}", context="edit")
    assert media["media_details"]["width"] == 400  # our re-encoded copy, not the outlet's file
    rtl = post_of(store, wordpress, settings, room.stories["rtl"])
    assert rtl["content"]["raw"].startswith('<div lang="fa" dir="rtl">')


async def test_a_changed_story_updates_its_post_not_a_new_one(
        store: Store, room: Newsroom, wordpress: WordPressSite,
        settings: WordPressSettings) -> None:
    moth = room.articles["moth"]
    async with wordpress_poster(store, settings) as poster:
        await poster.post_pending()
        before = post_of(store, wordpress, settings, room.stories["moth"])
        store.correct_article(moth, "credit", credit_text(Credit("Lantern Agency")), by="ada")
        store.correct_article(moth, "title", "Teacher's light trap finds a new moth", by="ada")
        assert await poster.post_pending() == 1  # one edit
        assert await poster.post_pending() == 0

    after = post_of(store, wordpress, settings, room.stories["moth"])
    assert after["id"] == before["id"]
    assert after["title"]["raw"] == "Teacher's light trap finds a new moth"
    assert "Originally reported by <strong>Lantern Agency</strong>" in after["content"]["raw"]
    assert after["meta"]["newsdesk_credit"] == "Lantern Agency"
    assert after["featured_media"] == before["featured_media"]  # not uploaded again
    assert len(wordpress.posts()) == 4


async def test_a_new_revision_of_the_text_reaches_the_post(
        store: Store, room: Newsroom, wordpress: WordPressSite,
        settings: WordPressSettings) -> None:
    async with wordpress_poster(store, settings) as poster:
        await poster.post_pending()
        council = store.get_article(room.articles["council"])
        changed = council.article
        changed.text = "The council meets on Tuesday.\n\nThe wall is old and leaks."
        store.save_article(changed, source_id=council.source_id, fetch_id=None, guid="council")
        store.touch_story(room.stories["council"])  # as grouping does for a new revision
        assert await poster.post_pending() == 1
    body = post_of(store, wordpress, settings, room.stories["council"])["content"]["raw"]
    assert "<p>The wall is old and leaks.</p>" in body


@pytest.mark.parametrize("hidden", ["draft", "trash"])
async def test_a_hidden_story_leaves_wordpress_and_comes_back(
        store: Store, room: Newsroom, wordpress: WordPressSite, hidden: str) -> None:
    settings = settings_for(wordpress.url, wordpress.user, wordpress.app_password,
                            hidden=hidden)
    ferry = room.stories["ferry"]
    async with wordpress_poster(store, settings) as poster:
        await poster.post_pending()
        post_id = post_of(store, wordpress, settings, ferry)["id"]
        store.set_story_hidden(ferry, "takedown")
        assert await poster.post_pending() == 1
        assert wordpress.post(post_id)["status"] == hidden
        store.set_story_hidden(ferry, None)
        assert await poster.post_pending() == 1
        assert wordpress.post(post_id)["status"] == "publish"
        store.set_article_hidden(room.articles["ferry-orig"], "hidden")  # its original
        assert await poster.post_pending() == 1
        assert wordpress.post(post_id)["status"] == hidden
    assert len(wordpress.posts()) == 4


async def test_a_draft_an_editor_published_stays_published(
        store: Store, room: Newsroom, wordpress: WordPressSite) -> None:
    settings = settings_for(wordpress.url, wordpress.user, wordpress.app_password,
                            status="draft")
    async with wordpress_poster(store, settings) as poster:
        await poster.post_pending()
        moth = post_of(store, wordpress, settings, room.stories["moth"])
        assert moth["status"] == "draft"
        wordpress.php(f"wp_publish_post({moth['id']});")
        store.correct_article(room.articles["moth"], "title", "A new moth", by="ada")
        assert await poster.post_pending() == 1
    assert wordpress.post(moth["id"])["status"] == "publish"


async def test_two_posters_at_once_post_each_story_once(
        store: Store, room: Newsroom, wordpress: WordPressSite,
        settings: WordPressSettings) -> None:
    async with wordpress_poster(store, settings) as one, \
            wordpress_poster(store, settings) as two:
        done = await asyncio.gather(one.post_pending(), two.post_pending(),
                                    one.post_pending(), two.post_pending())
    assert sum(done) == 4
    posts = wordpress.posts()
    assert len(posts) == 4
    assert len({p["meta"]["newsdesk_story"] for p in posts}) == 4


def test_posters_in_two_processes_post_each_story_once(
        store: Store, room: Newsroom, wordpress: WordPressSite,
        settings: WordPressSettings) -> None:
    spawn = multiprocessing.get_context("spawn")
    images = str(image_dir(store))
    with spawn.Pool(2) as pool:
        done = pool.starmap(post_in_a_process, [(store.url, settings, images, 2)] * 2)
    assert sum(done) == 4
    assert len(wordpress.posts()) == 4
    assert {store.channel_post(s, channel_of(settings)).state  # type: ignore[union-attr]
            for s in room.stories.values()} == {"sent"}


class DiesAfterSending:
    """A publisher whose process dies right after WordPress made the post, before the poster
    could record it."""

    def __init__(self, real: WordPressPublisher) -> None:
        self.real = real
        self.channel = real.channel

    def compose(self, story: Any) -> Composed:
        return self.real.compose(story)

    async def send(self, post: Composed) -> str:
        await self.real.send(post)
        raise asyncio.CancelledError

    async def edit(self, message_id: str, post: Composed) -> str:
        return await self.real.edit(message_id, post)

    async def open(self) -> None:
        await self.real.open()

    async def close(self) -> None:
        await self.real.close()


async def test_a_post_whose_record_was_lost_is_found_not_made_again(
        store: Store, room: Newsroom, wordpress: WordPressSite,
        settings: WordPressSettings) -> None:
    first = wordpress_poster(store, settings)
    dying = Poster(store, DiesAfterSending(first.publisher),  # type: ignore[arg-type]
                   first.rules)
    with pytest.raises(asyncio.CancelledError):
        async with dying:
            await dying.post_pending()
    (lost,) = [p for p in store.channel_posts(channel_of(settings)) if p.state == "sending"]
    assert len(wordpress.posts()) == 1  # made, but the store does not know its id

    assert store.retry_post(lost.story_id, channel_of(settings))  # an operator's retry
    async with wordpress_poster(store, settings) as again:
        assert await again.post_pending() == 4
    assert len(wordpress.posts()) == 4
    assert store.channel_post(lost.story_id, channel_of(settings)).state == "sent"  # type: ignore[union-attr]


async def test_a_refused_post_fails_with_what_to_fix_and_is_retried_later(
        store: Store, room: Newsroom, wordpress: WordPressSite) -> None:
    wrong = settings_for(wordpress.url, wordpress.user, "abcd abcd abcd abcd abcd abcd")
    fake = FakeTime()
    async with wordpress_poster(store, wrong, now=fake.now) as poster:
        assert await poster.post_pending() == 0
        failed = store.channel_post(room.stories["ferry"], channel_of(wrong))
        assert failed is not None and failed.state == "failed" and failed.attempts == 1
        assert "401" in (failed.last_error or "")
        assert "NEWSDESK_WORDPRESS_APP_PASSWORD" in (failed.last_error or "")
        assert failed.not_before is not None
        assert (failed.not_before - fake.now()).total_seconds() == pytest.approx(30, abs=1)
        assert "abcd" not in (failed.last_error or "")
    assert wordpress.posts() == []


def test_the_publisher_names_its_channel_by_the_site(tmp_path: Path, store: Store) -> None:
    settings = settings_for("https://news.example/", "desk", "pass word")
    assert WordPressPublisher(settings, store).channel == "wordpress:https://news.example"
