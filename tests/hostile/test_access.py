"""Who may read and who may change: the API token only as ``Bearer``, and with a read token
set, the JSON API and the feeds closed to anyone without it (the HTML site stays public, as
docs/security.md says)."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest

from newsdesk.store import Store
from tests.publish.conftest import TestClient, create_web_app
from tests.publish.newsroom import fill

WRITER, READER = "writer-token-7f3a", "reader-token-91c2"
NEW = {"url": "https://puffin.example/rss", "name": "Puffin Post", "kind": "feed"}


@pytest.fixture
def open_desk(store: Store) -> Iterator[TestClient]:
    fill(store)
    with TestClient(create_web_app(store, api_token=WRITER)) as client:
        yield client


@pytest.fixture
def private_desk(store: Store) -> Iterator[TestClient]:
    fill(store)
    with TestClient(create_web_app(store, api_token=WRITER, read_token=READER)) as client:
        yield client


def _basic(password: str, user: str = "reader") -> dict[str, str]:
    pair = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {pair}"}


@pytest.mark.parametrize("header", [
    WRITER,  # the bare token: the probe that was accepted
    f"Token {WRITER}", f"Bearer{WRITER}", f"Bearer  {WRITER}x", f"Basic {WRITER}",
    f"Bearer {WRITER[:-1]}", "Bearer ", "",
])
def test_changing_sources_needs_exactly_bearer_and_the_token(open_desk: TestClient,
                                                             header: str) -> None:
    answer = open_desk.post("/api/sources", json=NEW, headers={"Authorization": header})
    assert answer.status_code == 401, header
    assert "Authorization: Bearer <token>" in answer.json()["detail"]


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_bearer_scheme_is_case_insensitive(open_desk: TestClient, scheme: str) -> None:
    answer = open_desk.post("/api/sources", json=NEW,
                            headers={"Authorization": f"{scheme} {WRITER}"})
    assert answer.status_code == 201


def test_every_write_route_needs_the_token(open_desk: TestClient) -> None:
    writes = [("POST", "/api/sources"), ("DELETE", "/api/sources/1"),
              ("POST", "/api/sources/1/pause"), ("POST", "/api/sources/1/resume"),
              ("POST", "/api/opml")]
    for method, path in writes:
        for headers in ({}, {"Authorization": WRITER}, {"Authorization": f"Bearer {READER}"}):
            answer = open_desk.request(method, path, headers=headers, json=NEW)
            assert answer.status_code == 401, (method, path, headers)


def test_without_a_token_changes_are_off(store: Store) -> None:
    with TestClient(create_web_app(store)) as client:
        answer = client.post("/api/sources", json=NEW, headers={"Authorization": "Bearer x"})
        assert answer.status_code == 403


READS = ["/api/stories", "/api/articles", "/api/sources", "/api/search?q=ferry",
         "/api/opml", "/api/sources/1", "/feeds/stories.rss", "/feeds/stories.atom",
         "/feeds/stories.json", "/feeds/source/1.rss", "/feeds/language/fa.json",
         "/feeds/folder.rss?name=x", "/feeds/search.rss?q=ferry"]


@pytest.mark.parametrize("path", READS)
def test_a_read_token_covers_the_api_and_the_feeds(private_desk: TestClient, path: str) -> None:
    assert private_desk.get(path).status_code == 401
    assert private_desk.get(path, headers={"Authorization": READER}).status_code == 401
    for token in (READER, WRITER):
        assert private_desk.get(
            path, headers={"Authorization": f"Bearer {token}"}).status_code == 200


@pytest.mark.parametrize("path", [p for p in READS if p.startswith("/feeds/")])
def test_feed_readers_may_send_the_read_token_as_a_password(private_desk: TestClient,
                                                            path: str) -> None:
    refused = private_desk.get(path)
    assert refused.headers["www-authenticate"].startswith("Basic")
    assert private_desk.get(path, headers=_basic(READER)).status_code == 200
    assert private_desk.get(path, headers=_basic("wrong")).status_code == 401
    assert private_desk.get(path, headers=_basic(READER, user="")).status_code == 200


def test_the_api_does_not_take_the_token_as_a_password(private_desk: TestClient) -> None:
    assert private_desk.get("/api/articles", headers=_basic(READER)).status_code == 401


@pytest.mark.parametrize("path", ["/", "/sources", "/search?q=ferry", "/stories/1"])
def test_the_html_site_stays_public_with_a_read_token(private_desk: TestClient,
                                                      path: str) -> None:
    """Documented, not an accident: docs/security.md says what the site shows."""
    assert private_desk.get(path).status_code == 200
