"""A web app over a filled store, for the site, API and feed tests."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.publish import create_web_app
from newsdesk.store import Store
from tests.publish.newsroom import Newsroom, fill

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

API_TOKEN = "desk-token-for-tests"


@pytest.fixture(autouse=True)
def _images_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the PostgreSQL stores' pictures out of the user's data directory."""
    monkeypatch.setenv("NEWSDESK_IMAGE_DIR", str(tmp_path / "images"))


@pytest.fixture
def room(store: Store) -> Newsroom:
    return fill(store)


@pytest.fixture
def client(store: Store, room: Newsroom) -> Iterator[TestClient]:
    with TestClient(create_web_app(store, api_token=API_TOKEN)) as test_client:
        yield test_client
