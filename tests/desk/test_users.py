"""Accounts: the rules, the `newsdesk users` commands (passwords never on the command line)
and the desk's Users page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from newsdesk import cli
from newsdesk.desk import accounts
from newsdesk.store import Store
from tests.desk.conftest import ADMIN, EDITOR, log_in, post, web_client


def run(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["--db", store.url, "--data-dir", str(tmp_path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_users_commands_read_the_password_from_a_pipe(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(store, tmp_path, monkeypatch, capsys, "users", "add", "Nora", "--role",
                       "admin", stdin="lighthouse-lamp-7\n")
    assert code == 0 and "Added nora (admin)" in out
    user = store.get_user("nora")
    assert user is not None and user.password_hash.startswith("$argon2id$")
    assert "lighthouse-lamp-7" not in user.password_hash
    assert accounts.password_matches(user, "lighthouse-lamp-7")
    code, _, err = run(store, tmp_path, monkeypatch, capsys, "users", "add", "omar",
                       stdin="short\n")
    assert code == 2 and "too short" in err and store.get_user("omar") is None
    code, _, err = run(store, tmp_path, monkeypatch, capsys, "users", "add", "nora",
                       stdin="another-long-one\n")
    assert code == 1 and "already a user nora" in err
    run(store, tmp_path, monkeypatch, capsys, "users", "add", "omar",
        stdin="a-fine-password\n")
    code, out, _ = run(store, tmp_path, monkeypatch, capsys, "users", "list")
    assert "nora" in out and "omar" in out and "editor" in out
    code, _, _ = run(store, tmp_path, monkeypatch, capsys, "users", "passwd", "omar",
                     stdin="a-newer-password\n")
    assert code == 0 and accounts.password_matches(store.get_user("omar"), "a-newer-password")
    code, _, err = run(store, tmp_path, monkeypatch, capsys, "users", "remove", "nora")
    assert code == 2 and "only admin" in err
    code, _, _ = run(store, tmp_path, monkeypatch, capsys, "users", "remove", "omar")
    assert code == 0 and store.get_user("omar") is None
    actions = [(e.action, e.target) for e in store.audit_entries(limit=3)]
    assert actions == [("user.remove", "user omar"), ("user.password", "user omar"),
                       ("user.add", "user omar")]
    assert store.audit_entries(limit=1)[0].actor.startswith("terminal")


def test_the_password_is_not_an_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["users", "add", "nora", "--password", "x"])
    assert "unrecognized arguments" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "problem"), [("", "not a usable name"),
                                               ("ada lovelace", "not a usable name"),
                                               ("-dash", "not a usable name")])
def test_names_are_checked(name: str, problem: str) -> None:
    with pytest.raises(accounts.AccountError, match=problem):
        accounts.check_name(name)


def test_admins_manage_users_in_the_desk(desk_app: Any, admin: Any, store: Store) -> None:
    added = post(admin, "/desk/users", {"name": "Petra", "role": "editor",
                                        "password": "salt-marsh-walks"})
    assert added.status_code == 303 and store.get_user("petra") is not None
    short = post(admin, "/desk/users", {"name": "quinn", "role": "editor", "password": "x"})
    assert short.status_code == 400 and "too short" in short.text
    post(admin, "/desk/users/petra/role", {"role": "admin"})
    assert store.get_user("petra").role == "admin"  # type: ignore[union-attr]
    with web_client(desk_app) as petra:
        log_in(petra, "petra", "salt-marsh-walks")
        assert petra.get("/desk/users").status_code == 200
        post(admin, "/desk/users/petra/logout")
        assert petra.get("/desk").status_code == 303
    post(admin, f"/desk/users/{EDITOR}/password", {"password": "reset-by-the-admin"})
    with web_client(desk_app) as eli:
        assert log_in(eli, EDITOR, "reset-by-the-admin").status_code == 303
    mine = post(admin, f"/desk/users/{ADMIN}/remove")
    assert mine.status_code == 400 and "your own account" in mine.text
    post(admin, "/desk/users/petra/remove")
    assert store.get_user("petra") is None


def test_the_last_admin_stays_an_admin(admin: Any, store: Store) -> None:
    answer = post(admin, f"/desk/users/{ADMIN}/role", {"role": "editor"})
    assert answer.status_code == 400 and "only admin" in answer.text
    assert store.get_user(ADMIN).role == "admin"  # type: ignore[union-attr]
