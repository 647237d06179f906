"""Every desk form refuses an anonymous visitor, a missing or wrong form token, and (for
admin forms) an editor, and changes nothing when it refuses. The routes are read from the
app, so a new form is covered the day it is added."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.routing import APIRoute

from newsdesk.app import App
from newsdesk.desk.context import Desk
from newsdesk.desk.wiring import routers
from newsdesk.store import Store
from tests.desk.conftest import EDITOR, log_in, token_of, web_client
from tests.publish.newsroom import Newsroom

ADMIN_ONLY = re.compile(r"^/desk/(sources|users)")


def desk_forms(app: App) -> list[str]:
    """Every POST path of the desk but the login form, with path parameters left in."""
    desk = Desk(app, lambda: app.desk)
    return sorted(route.path for router in routers(desk) for route in router.routes
                  if isinstance(route, APIRoute) and "POST" in route.methods
                  and route.path != "/desk/login")


def concrete(path: str, room: Newsroom) -> str:
    return (path.replace("{source_id}", str(room.sources["Gullhaven Wire"]))
            .replace("{article_id}", str(room.articles["ferry-copy"]))
            .replace("{story_id}", str(room.stories["moth"]))
            .replace("{name}", EDITOR))


def audit_size(store: Store) -> int:
    return len(store.audit_entries(limit=10_000))


def test_the_forms_are_all_found(desk_app: App) -> None:
    forms = desk_forms(desk_app)
    for expected in ("/desk/logout", "/desk/password", "/desk/sources/new",
                     "/desk/sources/import", "/desk/sources/{source_id}/settings",
                     "/desk/sources/{source_id}/poll", "/desk/articles/{article_id}/hide",
                     "/desk/articles/{article_id}/correct", "/desk/stories/{story_id}/merge",
                     "/desk/users", "/desk/users/{name}/remove"):
        assert expected in forms
    assert len(forms) >= 24


def test_anonymous_visitors_change_nothing(desk_app: App, anonymous: Any, store: Store,
                                           room: Newsroom) -> None:
    before = audit_size(store)
    for path in desk_forms(desk_app):
        answer = anonymous.post(concrete(path, room), data={"csrf": "x", "reason": "r"})
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/desk/login"), path
    assert audit_size(store) == before
    assert store.article_states([room.articles["ferry-copy"]]) == {}


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_missing_or_wrong_token_is_refused(desk_app: App, admin: Any, store: Store,
                                             room: Newsroom, token: str | None) -> None:
    before = audit_size(store)
    for path in desk_forms(desk_app):
        data: dict[str, str] = {"reason": "spam", "into": str(room.stories["ferry"]),
                                "title": "Changed", "role": "admin", "name": "zed",
                                "password": "long-enough-password"}
        if token is not None:
            data["csrf"] = token
        answer = admin.post(concrete(path, room), data=data)
        assert answer.status_code == 403, path
        assert "did not come from this desk" in answer.text, path
    assert audit_size(store) == before
    assert store.get_article(room.articles["ferry-copy"]).article.title != "Changed"
    assert admin.get("/desk").status_code == 200  # still logged in


def test_another_sessions_token_is_refused(desk_app: App, admin: Any, room: Newsroom) -> None:
    with web_client(desk_app) as other:
        log_in(other, EDITOR)
        foreign = token_of(other.get("/desk").text)
    answer = admin.post(f"/desk/articles/{room.articles['moth']}/hide", data={"csrf": foreign})
    assert answer.status_code == 403


def test_a_cross_site_form_is_refused_even_with_the_token(admin: Any, room: Newsroom) -> None:
    token = token_of(admin.get("/desk").text)
    answer = admin.post(f"/desk/articles/{room.articles['moth']}/hide", data={"csrf": token},
                        headers={"sec-fetch-site": "cross-site"})
    assert answer.status_code == 403


def test_editors_cannot_use_admin_forms(desk_app: App, editor: Any, store: Store,
                                        room: Newsroom) -> None:
    token = token_of(editor.get("/desk").text)
    before = audit_size(store)
    admin_forms = [p for p in desk_forms(desk_app) if ADMIN_ONLY.match(p)]
    assert len(admin_forms) >= 10
    for path in admin_forms:
        answer = editor.post(concrete(path, room), data={
            "csrf": token, "url": "https://new.example/feed", "name": "zed", "role": "admin",
            "password": "long-enough-password"})
        assert answer.status_code == 403, path
        assert "Only an admin" in answer.text
    assert audit_size(store) == before
    assert store.get_user(EDITOR).role == "editor"  # type: ignore[union-attr]
    for page in ("/desk/users", "/desk/audit", "/desk/sources/new", "/desk/sources/import"):
        assert editor.get(page).status_code == 403, page


def test_editors_curate(editor: Any, store: Store, room: Newsroom) -> None:
    token = token_of(editor.get("/desk").text)
    article = room.articles["moth"]
    answer = editor.post(f"/desk/articles/{article}/hide", data={"csrf": token})
    assert answer.status_code == 303
    assert store.article_states([article]) == {article: "hidden"}


def test_the_login_form_needs_its_token(anonymous: Any, store: Store) -> None:
    anonymous.get("/desk/login")
    for token in (None, "forged"):
        data = {"name": "ada", "password": "harbour-lights-42", "next": "/desk"}
        if token:
            data["csrf"] = token
        answer = anonymous.post("/desk/login", data=data)
        assert answer.status_code == 403
        assert "newsdesk_desk=" not in answer.headers.get("set-cookie", "")
    assert anonymous.get("/desk").status_code == 303
