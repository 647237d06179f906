"""Posts, categories, tags and pictures on a real WordPress (tests/publish/wordpress_site.py),
through `WordPressPosts`: made once, brought up to date in place, hidden and shown again."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from newsdesk.publish.wordpress import (
    LeadPictures,
    SiteCheck,
    StoryPost,
    WordPressClient,
    WordPressError,
    WordPressPosts,
)
from newsdesk.store.image_files import ImageFiles
from newsdesk.store.images import LeadImage
from tests.publish.wordpress_site import WordPressSite

PICTURE_KEY = "3f" * 16

FERRY = StoryPost(
    story_key="7/20261129T081500000000",
    title="Tern Valley ferry runs again after the storm",
    summary="The harbour authority reopened the crossing on Sunday morning.",
    text=("The harbour authority reopened the crossing on Sunday morning.\n\n"
          "Repairs\n\n"
          "Crews replaced two mooring posts at Gullhaven pier overnight, the authority said.\n\n"
          "Ticket prices stay the same <for now> & the timetable is unchanged."),
    headings=("Repairs",),
    credit="Gullhaven Wire", credit_desk="Coast desk",
    link="https://courier.example/ferry-runs-again", outlet="Tern Valley Courier",
    published=datetime(2026, 11, 29, 8, 15, tzinfo=UTC),
    first_seen=datetime(2026, 11, 29, 8, 20, tzinfo=UTC),
    language="en", folder="Regions/Coast", tags=("ferry", "Gullhaven", "FERRY"),
)


def picture_files(directory: Path) -> tuple[ImageFiles, LeadImage]:
    frame = io.BytesIO()
    Image.new("RGB", (64, 40), (30, 90, 160)).save(frame, "JPEG")
    files = ImageFiles(directory)
    files.save([(f"{PICTURE_KEY}-64.jpg", frame.getvalue())])
    return files, LeadImage(PICTURE_KEY, 64, 40, (64,))


@pytest.fixture
async def client(wordpress: WordPressSite) -> AsyncIterator[WordPressClient]:
    made = WordPressClient(wordpress.url, wordpress.user, wordpress.app_password)
    yield made
    await made.close()


@pytest.fixture
def picture(tmp_path: Path) -> tuple[ImageFiles, LeadImage]:
    return picture_files(tmp_path / "images")


@pytest.fixture
def posts(client: WordPressClient, picture: tuple[ImageFiles, LeadImage]) -> WordPressPosts:
    return WordPressPosts(client, LeadPictures(client, picture[0]))


async def test_a_story_becomes_a_credited_post_with_terms_and_picture(
        posts: WordPressPosts, wordpress: WordPressSite, picture: tuple[ImageFiles, LeadImage],
) -> None:
    post_id = await posts.create(FERRY, "publish", picture[1])

    made = wordpress.post(post_id)
    assert made["status"] == "publish"
    assert made["title"]["raw"] == "Tern Valley ferry runs again after the storm"
    body = made["content"]["raw"]
    assert "<p><strong>The harbour authority reopened" in body  # the standfirst
    assert "<h2>Repairs</h2>" in body
    assert "Ticket prices stay the same &lt;for now&gt; &amp; the timetable" in body
    assert ('<p class="newsdesk-credit">Originally reported by <strong>Gullhaven Wire'
            '</strong> (Coast desk) · <a href="https://courier.example/ferry-runs-again"'
            ' rel="noopener">Read it at Tern Valley Courier</a></p>') in body
    assert made["excerpt"]["raw"] == FERRY.summary
    assert made["date_gmt"] == "2026-11-29T08:15:00"
    assert made["meta"]["newsdesk_credit"] == "Gullhaven Wire"
    assert made["meta"]["newsdesk_story"] == FERRY.story_key
    assert made["meta"]["newsdesk_source_url"] == FERRY.link

    categories = wordpress.terms("categories")
    (leaf,) = made["categories"]
    assert categories[leaf]["name"] == "Coast"
    assert categories[categories[leaf]["parent"]]["name"] == "Regions"
    tags = wordpress.terms("tags")
    assert sorted(tags[t]["name"] for t in made["tags"]) == ["Gullhaven", "ferry"]

    media = wordpress.rest(f"/wp/v2/media/{made['featured_media']}", context="edit")
    assert media["slug"] == PICTURE_KEY
    assert media["alt_text"] == FERRY.title
    assert media["media_details"]["width"] == 64


async def test_a_changed_story_updates_its_post_in_place(
        posts: WordPressPosts, wordpress: WordPressSite) -> None:
    post_id = await posts.create(FERRY, "publish")
    corrected = replace(FERRY, title="Tern Valley ferry back in service", credit="Harbor Post",
                        credit_desk=None)
    await posts.update(post_id, corrected, "publish")

    (only,) = wordpress.posts()
    assert only["id"] == post_id
    assert only["title"]["raw"] == "Tern Valley ferry back in service"
    assert "Originally reported by <strong>Harbor Post</strong> ·" in only["content"]["raw"]
    assert only["meta"]["newsdesk_credit"] == "Harbor Post"


@pytest.mark.parametrize("hidden", ["draft", "trash"])
async def test_a_hidden_story_leaves_the_site_and_comes_back(
        posts: WordPressPosts, wordpress: WordPressSite, hidden: str) -> None:
    post_id = await posts.create(FERRY, "publish")
    await posts.update(post_id, FERRY, hidden)
    assert wordpress.post(post_id)["status"] == hidden
    public = wordpress.rest("/wp/v2/posts", user=("", ""))
    assert post_id not in [p["id"] for p in public]

    await posts.update(post_id, FERRY, "publish")
    assert wordpress.post(post_id)["status"] == "publish"


async def test_a_story_already_posted_is_found_not_posted_twice(
        client: WordPressClient, posts: WordPressPosts, wordpress: WordPressSite) -> None:
    first = await posts.create(FERRY, "publish")
    another_poster = WordPressPosts(client)  # knows nothing of the first post
    again = await another_poster.create(replace(FERRY, title="Ferry runs again"), "publish")

    assert again == first
    (only,) = wordpress.posts()
    assert only["title"]["raw"] == "Ferry runs again"


async def test_categories_and_tags_made_elsewhere_are_reused(
        client: WordPressClient, posts: WordPressPosts, wordpress: WordPressSite) -> None:
    await posts.create(FERRY, "publish")
    before = (wordpress.terms("categories"), wordpress.terms("tags"))
    fresh = WordPressPosts(client)  # another process: nothing cached
    await fresh.create(replace(FERRY, story_key="8/x", tags=("Ferry",)), "draft")

    assert set(wordpress.terms("categories")) == set(before[0])
    assert set(wordpress.terms("tags")) == set(before[1])
    assert len(wordpress.posts()) == 2


async def test_without_the_plugin_posts_still_go_out(
        posts: WordPressPosts, wordpress: WordPressSite) -> None:
    posts.plugin = False  # as on a site where nobody installed it
    post_id = await posts.create(FERRY, "draft")
    made = wordpress.post(post_id)
    assert made["status"] == "draft"
    assert made["meta"]["newsdesk_story"] == ""  # no meta was sent
    assert "Originally reported by" in made["content"]["raw"]  # the credit is still seen


async def test_the_site_check_says_who_posts_and_what_is_missing(
        wordpress: WordPressSite) -> None:
    reader = WordPressClient(wordpress.url, "reader",
                             wordpress.add_user("reader", "subscriber"))
    try:
        check = await WordPressPosts(reader).check()
    finally:
        await reader.close()
    assert check.name == "Tern Valley Courier"
    assert check.plugin
    assert check.roles == ("subscriber",)
    assert check.problems() == ["the user 'reader' (subscriber) may not publish posts: give"
                                " them the Editor role"]


def test_an_author_is_told_about_categories() -> None:
    check = SiteCheck(name="Courier", user="writer", roles=("author",), plugin=True)
    assert check.can_publish
    assert check.problems() == ["the user 'writer' (author) may not make categories: make the"
                                " folders' categories in WordPress first, or give them the"
                                " Editor role"]


async def test_refusals_say_what_to_fix(wordpress: WordPressSite) -> None:
    wrong = WordPressClient(wordpress.url, wordpress.user, "abcd efgh ijkl mnop qrst uvwx")
    reader = WordPressClient(wordpress.url, "reader2",
                             wordpress.add_user("reader2", "subscriber"))
    try:
        with pytest.raises(WordPressError) as bad_password:
            await WordPressPosts(wrong).create(FERRY, "publish")
        with pytest.raises(WordPressError) as not_allowed:
            await WordPressPosts(reader).create(FERRY, "publish")
    finally:
        await wrong.close()
        await reader.close()
    assert bad_password.value.status == 401
    assert "NEWSDESK_WORDPRESS_APP_PASSWORD" in str(bad_password.value)
    assert not_allowed.value.status == 403
    assert "the WordPress user 'reader2' may not do this: give them the Editor role" in str(
        not_allowed.value)
    assert wordpress.posts() == []


async def test_an_update_leaves_the_status_an_editor_chose(
        posts: WordPressPosts, wordpress: WordPressSite) -> None:
    post_id = await posts.create(FERRY, "draft")
    wordpress.php(f"wp_publish_post({post_id});")  # an editor reviewed and published it
    await posts.update(post_id, replace(FERRY, title="Ferry back in service"), None)
    made = wordpress.post(post_id)
    assert (made["status"], made["title"]["raw"]) == ("publish", "Ferry back in service")


async def test_a_story_hidden_before_it_is_posted_goes_straight_to_the_trash(
        posts: WordPressPosts, wordpress: WordPressSite) -> None:
    post_id = await posts.create(FERRY, "trash")
    assert wordpress.post(post_id)["status"] == "trash"
    await posts.update(post_id, FERRY, "trash")  # trashing again changes nothing
    assert [p["status"] for p in wordpress.posts()] == ["trash"]
