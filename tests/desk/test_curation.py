"""Curation from the desk: hidden articles and stories leave the site, the feeds, the API,
search and the Telegram queue and stay in the store; takedowns need a reason; corrections
outlive re-extraction; stories are split and merged for good."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from newsdesk.store import Store
from newsdesk.store.publishing import ArticleFilter
from tests.desk.conftest import post
from tests.publish.newsroom import T0, Newsroom

MOTH = "Retired teacher finds a new moth"


def public_places(client: Any, room: Newsroom) -> dict[str, str]:
    """Every public answer that could show the moth story."""
    tern = room.sources["Tern Valley Courier"]
    paths = ["/", "/search?q=moth", "/feeds/stories.rss", "/feeds/stories.atom",
             f"/feeds/source/{tern}.json", "/feeds/search.rss?q=moth", "/feeds/language/en.atom",
             "/api/stories", "/api/articles", "/api/search?q=moth", f"/sources/{tern}"]
    return {path: client.get(path).text for path in paths}


def test_a_hidden_article_leaves_every_public_place_and_comes_back(
        admin: Any, store: Store, room: Newsroom) -> None:
    moth, story = room.articles["moth"], room.stories["moth"]
    assert all(MOTH in text for text in public_places(admin, room).values())
    assert post(admin, f"/desk/articles/{moth}/hide", {"reason": "wrong photo"}
                ).status_code == 303
    for path, text in public_places(admin, room).items():
        assert MOTH not in text, path
    for path in (f"/articles/{moth}", f"/stories/{story}", f"/api/articles/{moth}",
                 f"/api/stories/{story}"):
        assert admin.get(path).status_code == 404, path
    assert story not in store.stories_to_post("telegram:@c", since=T0 - timedelta(1))
    assert store.get_article(moth).article.title == MOTH  # kept
    assert "hidden" in admin.get(f"/desk/articles/{moth}").text
    post(admin, f"/desk/articles/{moth}/unhide")
    assert all(MOTH in text for text in public_places(admin, room).values())
    assert admin.get(f"/articles/{moth}").status_code == 200


def test_a_hidden_copy_leaves_its_story_page(admin: Any, room: Newsroom) -> None:
    copy, story = room.articles["ferry-copy"], room.stories["ferry"]
    post(admin, f"/desk/articles/{copy}/hide")
    page = admin.get(f"/stories/{story}").text
    assert "Tern Valley Courier" not in page and "Copies and rewrites (1)" in page
    assert "2 outlets" in page
    assert all(a["id"] != copy for a in admin.get(f"/api/stories/{story}").json()["articles"])


def test_hiding_a_storys_original_splits_it_out_so_the_story_stays(
        admin: Any, store: Store, room: Newsroom) -> None:
    original, story = room.articles["ferry-orig"], room.stories["ferry"]
    answer = post(admin, f"/desk/articles/{original}/hide")
    assert "split out" in admin.get(answer.headers["location"]).text
    left = store.visible_story(story)
    assert original not in [a.id for a in left.articles]
    assert left.original_article_id in (room.articles["ferry-copy"],
                                        room.articles["ferry-rewrite"])
    assert f'href="/stories/{story}"' in admin.get("/").text
    assert admin.get(f"/articles/{original}").status_code == 404


def test_a_hidden_story_takes_all_its_articles_with_it(admin: Any, store: Store,
                                                        room: Newsroom) -> None:
    story = room.stories["ferry"]
    post(admin, f"/desk/stories/{story}/hide", {"reason": "duplicate of an old story"})
    assert "Skarra" not in admin.get("/").text
    assert "Nothing found for “<bdi>Skarra</bdi>”" in admin.get("/search?q=Skarra").text
    assert "Skarra" not in admin.get("/feeds/stories.atom").text
    assert admin.get(f"/stories/{story}").status_code == 404
    for key in ("ferry-orig", "ferry-copy", "ferry-rewrite"):
        assert admin.get(f"/articles/{room.articles[key]}").status_code == 404
    assert store.get_story(story).article_count == 3  # kept
    assert "duplicate of an old story" in admin.get(f"/desk/stories/{story}").text


def test_a_takedown_needs_a_reason_and_an_admin_to_undo(admin: Any, editor: Any, store: Store,
                                                        room: Newsroom) -> None:
    moth = room.articles["moth"]
    assert post(editor, f"/desk/articles/{moth}/takedown").status_code == 400
    assert post(editor, f"/desk/articles/{moth}/takedown",
                {"reason": "court order 17/2031"}).status_code == 303
    assert store.article_states([moth]) == {moth: "takedown"}
    entry = store.audit_entries(limit=1)[0]
    assert (entry.actor, entry.action, entry.target, entry.detail) == (
        "eli", "article.takedown", f"article {moth}", "court order 17/2031")
    assert post(editor, f"/desk/articles/{moth}/unhide").status_code == 403
    assert post(admin, f"/desk/articles/{moth}/unhide").status_code == 303
    assert store.article_states([moth]) == {}


def test_a_corrected_title_shows_everywhere_and_outlives_a_new_save(
        admin: Any, store: Store, room: Newsroom) -> None:
    moth = room.articles["moth"]
    extracted = store.get_article(moth).article
    post(admin, f"/desk/articles/{moth}/correct", {
        "title": "Retired teacher finds a moth new to science", "credit_name": ""})
    assert "a moth new to science" in admin.get("/").text  # the story's title follows
    assert "a moth new to science" in admin.get(f"/articles/{moth}").text
    again = store.save_article(extracted, source_id=room.sources["Tern Valley Courier"],
                               fetch_id=None)  # what re-extraction saves
    assert not again.changed
    kept = store.get_article(moth)
    assert kept.article.title == "Retired teacher finds a moth new to science"
    assert kept.revision == 1
    withdrawn = post(admin, f"/desk/articles/{moth}/withdraw", {"field": "title"})
    assert withdrawn.status_code == 303
    assert store.get_article(moth).article.title == MOTH


def test_a_corrected_credit_can_change_the_storys_original(admin: Any, store: Store,
                                                          room: Newsroom) -> None:
    copy, story = room.articles["ferry-copy"], room.stories["ferry"]
    assert store.get_story(story).original_article_id == room.articles["ferry-orig"]
    post(admin, f"/desk/articles/{copy}/correct", {
        "title": "Night ferry to Skarra resumes", "credit_name": "Sarv News",
        "credit_desk": "Islands"})
    credit = store.get_article(copy).article.original_source
    assert credit is not None and (credit.name, credit.desk) == ("Sarv News", "Islands")
    assert store.get_story(story).original_article_id == room.articles["ferry-rewrite"]
    page = admin.get(f"/desk/articles/{copy}").text
    assert "credit corrected by ada" in page and "Gullhaven Wire" in page  # what it said


def test_stories_merge_and_split_from_the_desk(admin: Any, store: Store, room: Newsroom
                                               ) -> None:
    moth, ferry = room.stories["moth"], room.stories["ferry"]
    answer = post(admin, f"/desk/stories/{moth}/merge", {"into": f"#{ferry}"})
    assert answer.headers["location"] == f"/desk/stories/{ferry}"
    assert store.get_story(ferry).article_count == 4
    assert store.get_story(moth).article_count == 0
    assert [(d.kind, d.story_id, d.other_story_id) for _, d in store.decisions_after(0)] == [
        ("merge", moth, ferry)]
    assert post(admin, f"/desk/stories/{ferry}/merge", {"into": str(ferry)}).status_code == 400
    split = post(admin, f"/desk/articles/{room.articles['moth']}/split")
    new = int(split.headers["location"].rsplit("/", 1)[1])
    assert store.get_article(room.articles["moth"]).story_id == new
    assert store.decisions_after(0)[-1][1].kind == "split"
    assert [e.action for e in store.audit_entries(limit=2)] == ["story.split", "story.merge"]


def test_counts_leave_hidden_articles_out(store: Store, room: Newsroom) -> None:
    tern = ArticleFilter(source_id=room.sources["Tern Valley Courier"])  # a copy and the moth
    assert store.count_articles(tern) == 2
    store.set_article_hidden(room.articles["moth"], "hidden")
    assert store.count_articles(tern) == 1
    store.set_story_hidden(room.stories["ferry"], "takedown")
    store.set_article_hidden(room.articles["ferry-orig"], "hidden")  # hidden twice over
    assert store.count_articles(tern) == 0
    assert store.count_articles() == 6 - 1 - 3
    assert store.count_articles(replace(tern, include_hidden=True)) == 2
