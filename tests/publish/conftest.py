"""A web app over a filled store, for the site, API and feed tests."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.publish import create_web_app
from newsdesk.store import Store
from tests.publish.newsroom import Newsroom, fill
from tests.publish.wordpress_site import WordPressMissing, WordPressSite, running_wordpress

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


@pytest.fixture(scope="session")
def wordpress_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WordPressSite]:
    """A real WordPress on 127.0.0.1 for the whole session. Where this machine cannot run
    one, the tests skip with the reason; with CI=true they fail instead."""
    try:
        yield from running_wordpress(tmp_path_factory.mktemp("wordpress"))
    except WordPressMissing as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc} (CI requires WordPress: .ci/run installs it)")
        pytest.skip(f"{exc} (set CI=true to make this a failure)")


@pytest.fixture
def wordpress(wordpress_site: WordPressSite) -> WordPressSite:
    """The session's WordPress, emptied of what earlier tests posted."""
    wordpress_site.reset()
    return wordpress_site
