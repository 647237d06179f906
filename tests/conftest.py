"""Shared fixtures: a store of each engine, fresh for every test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.store import Store, open_store
from tests.sites import StaticSite

PG_URL = os.environ.get("NEWSDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _postgres_reachable() -> str | None:
    """None when the test server answers, else why not."""
    import psycopg

    try:
        with psycopg.connect(PG_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL at {PG_URL} is unreachable: {exc}"


@pytest.fixture(scope="session", autouse=True)
def _search_indexes_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the PostgreSQL stores' search indexes out of the user's data directory."""
    old = os.environ.get("NEWSDESK_SEARCH_DIR")
    os.environ["NEWSDESK_SEARCH_DIR"] = str(tmp_path_factory.mktemp("search"))
    yield
    if old is None:
        os.environ.pop("NEWSDESK_SEARCH_DIR", None)
    else:
        os.environ["NEWSDESK_SEARCH_DIR"] = old


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The test server's URL. In CI (CI=true) an unreachable server fails; elsewhere it skips."""
    problem = _postgres_reachable()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem + " (CI requires it)")
        pytest.skip(problem + " (set CI=true to make this a failure)")
    yield PG_URL


@pytest.fixture
def pg_schema_url(postgres_url: str) -> Iterator[str]:
    """A URL whose connections use a fresh, private schema, dropped afterwards."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in postgres_url else "?"
    yield f"{postgres_url}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL or path for each engine."""
    if request.param == "sqlite":
        return str(tmp_path / "newsdesk.db")
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    yield opened
    opened.close()


@pytest.fixture
def static_site() -> Iterator[StaticSite]:
    site = StaticSite()
    yield site
    site.stop()
