"""Logging in and out: the no-account page, sessions that logout and password changes
revoke, cookie flags, the login rate limit (kept across restarts), safe redirects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from newsdesk.app import App
from newsdesk.desk import accounts
from newsdesk.desk.sessions import ACCOUNT_FAILURES, ADDRESS_FAILURES
from newsdesk.store import Store
from tests.desk.conftest import (
    ADMIN,
    EDITOR,
    PASSWORDS,
    log_in,
    make_app,
    post,
    token_of,
    web_client,
)


def test_with_no_account_the_desk_says_how_to_make_one(store: Store, tmp_path: Any) -> None:
    with web_client(make_app(store, tmp_path)) as client:
        for path in ("/desk", "/desk/login", "/desk/sources"):
            answer = client.get(path)
            assert answer.status_code == 200
            assert "newsdesk users add NAME --role admin" in answer.text


def test_login_opens_the_desk_and_sets_a_guarded_cookie(anonymous: Any) -> None:
    assert anonymous.get("/desk").headers["location"] == "/desk/login?next=/desk"
    answer = log_in(anonymous, ADMIN)
    assert answer.status_code == 303 and answer.headers["location"] == "/desk"
    cookie = next(c for c in answer.headers.get_list("set-cookie")
                  if c.startswith("newsdesk_desk="))
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "samesite=lax", "path=/desk"} <= flags
    assert "secure" not in flags  # plain http here; see the https test below
    page = anonymous.get("/desk")
    assert page.status_code == 200 and "ada" in page.text
    assert page.headers["cache-control"] == "no-store"


def test_the_cookie_is_secure_over_https(desk_app: App) -> None:
    with web_client(desk_app) as client:
        client.base_url = "https://desk.example"  # type: ignore[assignment]
        answer = log_in(client, ADMIN)
        cookie = next(c for c in answer.headers.get_list("set-cookie")
                      if c.startswith("newsdesk_desk="))
        assert "secure" in cookie.lower()


def test_wrong_passwords_and_unknown_names_are_refused_alike(anonymous: Any) -> None:
    for name, password in ((ADMIN, "not-the-password"), ("nobody", "whatever-it-is")):
        answer = log_in(anonymous, name, password)
        assert answer.status_code == 401
        assert "Wrong name or password." in answer.text
    assert anonymous.get("/desk").status_code == 303


def test_logout_revokes_the_session_everywhere(desk_app: App, admin: Any) -> None:
    stolen = dict(admin.cookies)
    answer = post(admin, "/desk/logout")
    assert answer.status_code == 303 and answer.headers["location"] == "/desk/login"
    assert admin.get("/desk").status_code == 303
    with web_client(desk_app) as thief:  # the old cookie, replayed, opens nothing
        thief.cookies.update(stolen)
        assert thief.get("/desk").status_code == 303


def test_a_password_change_logs_out_every_other_session(desk_app: App, editor: Any) -> None:
    with web_client(desk_app) as laptop:
        log_in(laptop, EDITOR)
        assert laptop.get("/desk").status_code == 200
        wrong = post(editor, "/desk/password", {"current": "nope-nope-nope", "new": "x" * 12,
                                                "again": "x" * 12})
        assert wrong.status_code == 400 and "current password is wrong" in wrong.text
        changed = post(editor, "/desk/password", {
            "current": PASSWORDS[EDITOR], "new": "a-new-long-secret", "again":
            "a-new-long-secret"})
        assert changed.status_code == 303
        assert editor.get("/desk").status_code == 200  # this browser stays in
        assert laptop.get("/desk").status_code == 303  # the other is out
        assert log_in(laptop, EDITOR).status_code == 401
        assert log_in(laptop, EDITOR, "a-new-long-secret").status_code == 303


def test_removing_an_account_ends_its_sessions(desk_app: App, editor: Any, store: Store
                                               ) -> None:
    accounts.remove_user(store, EDITOR, actor="test")
    assert editor.get("/desk").status_code == 303


def test_a_tampered_cookie_is_nobody(desk_app: App, admin: Any) -> None:
    value = admin.cookies["newsdesk_desk"]
    with web_client(desk_app) as other:
        other.cookies.set("newsdesk_desk", value[:-3] + "abc", path="/desk")
        assert other.get("/desk").status_code == 303


def test_the_rate_limit_holds_per_account_and_survives_a_restart(
        desk_app: App, store: Store, tmp_path: Any) -> None:
    with web_client(desk_app) as client:
        for _ in range(ACCOUNT_FAILURES):
            assert log_in(client, ADMIN, "guess-guess-guess").status_code == 401
        refused = log_in(client, ADMIN)  # the right password, too late
        assert refused.status_code == 401 and "Too many failed attempts" in refused.text
        assert log_in(client, EDITOR).status_code == 303  # other accounts are not locked
    with web_client(make_app(store, tmp_path)) as after_restart:
        assert "Too many failed attempts" in log_in(after_restart, ADMIN).text


def test_the_rate_limit_holds_per_address(desk_app: App, store: Store) -> None:
    for n in range(ADDRESS_FAILURES):
        store.record_login_attempt(f"sprayed{n}", "testclient", False,
                                   forget_before=datetime.now(UTC) - timedelta(days=1))
    with web_client(desk_app) as client:
        answer = log_in(client, EDITOR)
        assert "Too many failed attempts" in answer.text


def test_a_success_clears_the_accounts_failures(anonymous: Any) -> None:
    for _ in range(ACCOUNT_FAILURES - 1):
        log_in(anonymous, ADMIN, "guess-guess-guess")
    assert log_in(anonymous, ADMIN).status_code == 303
    post(anonymous, "/desk/logout")
    log_in(anonymous, ADMIN, "guess-guess-guess")
    assert log_in(anonymous, ADMIN).status_code == 303


def test_after_login_only_desk_pages_are_destinations(anonymous: Any) -> None:
    form = anonymous.get("/desk/login?next=https://evil.example/")
    token = token_of(form.text)
    for target, expected in (("https://evil.example/", "/desk"), ("//evil.example", "/desk"),
                             ("/desk/sources", "/desk/sources")):
        answer = anonymous.post("/desk/login", data={
            "name": ADMIN, "password": PASSWORDS[ADMIN], "csrf": token, "next": target})
        assert answer.headers["location"] == expected
        post(anonymous, "/desk/logout")


def test_logins_and_logouts_are_audited(admin: Any, store: Store) -> None:
    post(admin, "/desk/logout")
    actions = [(e.actor, e.action) for e in store.audit_entries(limit=5)]
    assert actions[:2] == [(ADMIN, "logout"), (ADMIN, "login")]
