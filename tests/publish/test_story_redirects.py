"""A story merged into another answers 301 to it, on the site and in the API; feeds only list
live stories."""

from __future__ import annotations

from typing import Any

from newsdesk.store import Store
from tests.publish.newsroom import Newsroom


def test_a_merged_story_redirects_to_the_story_it_joined(client: Any, store: Store,
                                                          room: Newsroom) -> None:
    ferry, moth, council = (room.stories[k] for k in ("ferry", "moth", "council"))
    store.move_story_articles(ferry, moth)
    store.move_story_articles(moth, council)  # a chain: ferry -> moth -> council
    for path, target in ((f"/stories/{ferry}", f"/stories/{council}"),
                         (f"/api/stories/{ferry}", f"/api/stories/{council}"),
                         (f"/api/stories/{moth}", f"/api/stories/{council}")):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 301, path
        assert answer.headers["location"] == target
    joined = client.get(f"/api/stories/{ferry}").json()
    assert joined["id"] == council and len(joined["articles"]) == 5
    assert client.get(f"/stories/{ferry}").status_code == 200


def test_feeds_and_lists_never_show_an_emptied_story(client: Any, store: Store,
                                                     room: Newsroom) -> None:
    ferry, moth = room.stories["ferry"], room.stories["moth"]
    store.move_story_articles(ferry, moth)
    listed = [s["id"] for s in client.get("/api/stories").json()["stories"]]
    assert ferry not in listed and moth in listed
    ids = [item["id"] for item in client.get("/feeds/stories.json").json()["items"]]
    assert any(i.endswith(f"/stories/{moth}") for i in ids)
    assert not any(i.endswith(f"/stories/{ferry}") for i in ids)
    assert f'href="/stories/{ferry}"' not in client.get("/").text


def test_an_unknown_story_is_still_not_found(client: Any) -> None:
    assert client.get("/api/stories/999999", follow_redirects=False).status_code == 404
    assert client.get("/stories/999999", follow_redirects=False).status_code == 404
