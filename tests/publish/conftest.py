"""A web app over a filled store, for the site, API and feed tests."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from newsdesk.publish import create_web_app
from newsdesk.store import Store
from tests.publish.newsroom import Newsroom, fill

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

API_TOKEN = "desk-token-for-tests"


@pytest.fixture
def room(store: Store) -> Newsroom:
    return fill(store)


@pytest.fixture
def client(store: Store, room: Newsroom) -> Iterator[TestClient]:
    with TestClient(create_web_app(store, api_token=API_TOKEN)) as test_client:
        yield test_client
