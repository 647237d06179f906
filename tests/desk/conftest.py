"""A web app with the desk over a filled store (SQLite and PostgreSQL), an admin and an
editor, and a helper to log in through the real login form."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsdesk.app import App
from newsdesk.config import load_config
from newsdesk.desk import accounts, add_desk
from newsdesk.publish import create_web_app
from newsdesk.store import Store
from tests.publish.newsroom import Newsroom, fill

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ADMIN, EDITOR = "ada", "eli"
PASSWORDS = {ADMIN: "harbour-lights-42", EDITOR: "tern-valley-99"}
_TOKEN = re.compile(r'name="csrf" value="([^"]*)"')


def make_app(store: Store, data_dir: Path) -> App:
    """The app a server would run, allowed to fetch from 127.0.0.1 (the tests' sites)."""
    return App(load_config(db=store.url, data_dir=str(data_dir), allow_private=True), store)


def web_client(app: App) -> TestClient:
    web = create_web_app(app.store)
    add_desk(web, app)
    return TestClient(web, follow_redirects=False)


@pytest.fixture
def room(store: Store) -> Newsroom:
    return fill(store)


@pytest.fixture
def desk_app(store: Store, room: Newsroom, tmp_path: Path) -> App:
    accounts.add_user(store, ADMIN, "admin", PASSWORDS[ADMIN], actor="test")
    accounts.add_user(store, EDITOR, "editor", PASSWORDS[EDITOR], actor="test")
    return make_app(store, tmp_path)


@pytest.fixture
def anonymous(desk_app: App) -> Iterator[TestClient]:
    with web_client(desk_app) as client:
        yield client


@pytest.fixture
def admin(desk_app: App) -> Iterator[TestClient]:
    with web_client(desk_app) as client:
        log_in(client, ADMIN)
        yield client


@pytest.fixture
def editor(desk_app: App) -> Iterator[TestClient]:
    with web_client(desk_app) as client:
        log_in(client, EDITOR)
        yield client


def token_of(html: str) -> str:
    """The form token a desk page carries."""
    found = _TOKEN.search(html)
    assert found, "no form token on the page"
    return found.group(1)


def log_in(client: TestClient, name: str, password: str | None = None) -> Any:
    form = client.get("/desk/login")
    assert form.status_code == 200, form.text
    answer = client.post("/desk/login", data={
        "name": name, "password": password or PASSWORDS[name], "csrf": token_of(form.text),
        "next": "/desk"})
    return answer


def post(client: TestClient, path: str, data: dict[str, str] | None = None,
         **kw: Any) -> Any:
    """POST a desk form as the browser would: with the token of the desk's front page."""
    token = token_of(client.get("/desk").text)
    return client.post(path, data={"csrf": token, **(data or {})}, **kw)
