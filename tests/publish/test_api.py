"""The JSON API: filters, cursors, tokens, and source management."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from newsdesk.publish import create_web_app
from newsdesk.store import Store
from tests.publish.conftest import API_TOKEN, TestClient
from tests.publish.newsroom import T0_DAY, Newsroom

AUTH = {"Authorization": f"Bearer {API_TOKEN}"}


def _day(shift: int) -> str:
    """The newsroom's day, ``shift`` days later (earlier when negative)."""
    return (date.fromisoformat(T0_DAY) + timedelta(days=shift)).isoformat()


def test_articles_filter_and_page_by_cursor(client: Any, room: Newsroom) -> None:
    first = client.get("/api/articles", params={"limit": 4}).json()
    assert len(first["articles"]) == 4 and first["next_cursor"]
    rest = client.get("/api/articles", params={"limit": 4, "cursor": first["next_cursor"]}).json()
    ids = [a["id"] for a in first["articles"] + rest["articles"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids)) == 6
    assert rest["next_cursor"] is None
    fa = client.get("/api/articles", params={"language": "fa"}).json()["articles"]
    assert [a["title"] for a in fa] == ["پل تازه بر رود سرو گشوده شد"]
    sarv = client.get("/api/articles", params={"source": room.sources["Sarv News"]}).json()
    assert {a["publisher"] for a in sarv["articles"]} == {"Sarv News"}
    none = client.get("/api/articles", params={"until": _day(-1)}).json()
    assert none["articles"] == []


def test_stories_and_story(client: Any, room: Newsroom) -> None:
    page = client.get("/api/stories", params={"limit": 2}).json()
    assert len(page["stories"]) == 2 and page["next_cursor"]
    story = client.get(f"/api/stories/{room.stories['ferry']}").json()
    assert story["article_count"] == 3
    assert [a["relation"] for a in story["articles"]] == ["original", "copy", "rewrite"]
    assert client.get("/api/stories", params={"cursor": "nonsense"}).status_code == 400


def test_search_with_filters(client: Any, room: Newsroom) -> None:
    found = client.get("/api/search", params={"q": "Skarra"}).json()["articles"]
    assert len(found) == 3
    dated = client.get("/api/search", params={"q": "Skarra", "since": T0_DAY,
                                              "until": T0_DAY}).json()
    assert len(dated["articles"]) == 3
    later = client.get("/api/search", params={"q": "Skarra", "since": _day(1)}).json()
    assert later["articles"] == []


def test_source_management_needs_the_token(client: Any, room: Newsroom) -> None:
    new = {"url": "https://puffin.example/rss", "name": "Puffin Post", "kind": "feed"}
    assert client.post("/api/sources", json=new).status_code == 401
    assert client.post("/api/sources", json=new,
                       headers={"Authorization": "Bearer wrong"}).status_code == 401
    made = client.post("/api/sources", json=new, headers=AUTH)
    assert made.status_code == 201 and made.json()["name"] == "Puffin Post"
    source_id = made.json()["id"]
    assert client.post("/api/sources", json=new, headers=AUTH).status_code == 409
    paused = client.post(f"/api/sources/{source_id}/pause", headers=AUTH).json()
    assert paused["status"] == "paused"
    assert client.post(f"/api/sources/{source_id}/resume", headers=AUTH).json()["status"] == (
        "active")
    assert client.delete(f"/api/sources/{source_id}").status_code == 401
    assert client.delete(f"/api/sources/{source_id}", headers=AUTH).json() == {
        "removed": source_id}
    assert client.get(f"/api/sources/{source_id}").status_code == 404


@pytest.mark.parametrize("body", [
    {"url": "ftp://puffin.example/rss", "name": "P", "kind": "feed"},
    {"url": "https://user:pw@puffin.example/rss", "name": "P", "kind": "feed"},
    {"url": "https://puffin.example/rss", "name": "P", "kind": "auto"},
    {"url": "https://puffin.example/rss", "name": "P"},
])
def test_add_source_refuses_bad_input(client: Any, body: dict[str, str]) -> None:
    response = client.post("/api/sources", json=body, headers=AUTH)
    assert response.status_code == 422


def test_changes_are_off_without_a_token(store: Store, room: Newsroom) -> None:
    with TestClient(create_web_app(store)) as plain:
        assert plain.delete("/api/sources/1", headers=AUTH).status_code == 403


def test_read_token_makes_reading_private(store: Store, room: Newsroom) -> None:
    with TestClient(create_web_app(store, api_token=API_TOKEN, read_token="r-token")) as app:
        assert app.get("/api/articles").status_code == 401
        assert app.get("/api/articles",
                       headers={"Authorization": "Bearer r-token"}).status_code == 200
        assert app.get("/api/articles", headers=AUTH).status_code == 200
        assert app.get("/").status_code == 200  # the site stays public


def test_opml_export_and_import(client: Any, room: Newsroom, store: Store) -> None:
    store.update_source(room.sources["Sarv News"], folder="Persian/Agencies")
    exported = client.get("/api/opml")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/x-opml+xml")
    assert b'xmlUrl="https://sarv.example/feed"' in exported.content
    opml = (b'<opml version="2.0"><body><outline text="World">'
            b'<outline text="Kestrel Times" xmlUrl="https://kestrel.example/rss"/>'
            b'<outline text="Intranet" xmlUrl="http://192.168.1.5/rss"/></outline>'
            b'</body></opml>')
    assert client.post("/api/opml", content=opml).status_code in (401, 403)
    answer = client.post("/api/opml", content=opml, headers=AUTH)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["added"] == ["https://kestrel.example/rss"]
    assert "private address" in report["rejected"][0]["reason"]
    again = client.post("/api/opml", content=exported.content, headers=AUTH).json()
    assert again["added"] == [] and len(again["present"]) == 3
    bad = client.post("/api/opml", content=b"<opml><body>", headers=AUTH)
    assert bad.status_code == 422 and "not well-formed" in bad.json()["detail"]
