"""What a careless operator types: every expected failure is one sentence on stderr and a
non-zero exit, never a traceback, and nothing is created that was not asked for."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.store import Store
from tests.hostile.conftest import NEWSDESK, one_sentence, run_newsdesk
from tests.publish.conftest import API_TOKEN, TestClient, create_web_app

HUGE = "99999999999999999999999"
JUST_PAST = str(2**63)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "desk.db")


def _fails(*args: str, code: int | None = None) -> str:
    done = run_newsdesk(*args)
    assert done.returncode != 0, done
    if code is not None:
        assert done.returncode == code, done
    return one_sentence(done.stderr)


def test_a_device_is_not_a_database() -> None:
    assert "not a regular file" in _fails("--db", "/dev/null", "sources", "list")


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    assert "is a directory" in _fails("--db", str(tmp_path), "sources", "list")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("the editor's shopping list\n" * 100)
    assert "not a database" in _fails("--db", str(notes), "sources", "list")
    assert notes.read_text().startswith("the editor's")


def test_the_database_directory_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "dir"
    message = _fails("--db", str(missing / "x.db"), "sources", "list")
    assert f"the directory {missing} does not exist" in message
    assert not (tmp_path / "nonexistent").exists()


@pytest.mark.parametrize("url", ["postgresql://user@[bad", "postgresql://u@h:notaport/db",
                                 "postgres://user@host/db?sslmode=sometimes"])
def test_a_malformed_postgresql_url(url: str) -> None:
    message = _fails("--db", url, "sources", "list")
    assert "the database URL is not valid" in message or "cannot connect to" in message


def test_an_unreachable_database() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once closed
    message = _fails("--db", f"postgresql://desk@127.0.0.1:{port}/news", "sources", "list")
    assert "cannot connect to PostgreSQL" in message and "Connection refused" in message


@pytest.mark.parametrize("command", ["serve", "run"])
def test_a_busy_port(db: str, command: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        message = _fails("--db", db, command, "--port", str(port))
    assert f"port {port} on 127.0.0.1 is already in use" in message


def test_a_reader_that_closes_the_pipe_early(db: str) -> None:
    """`newsdesk search x --json | head -1`: the reader went away; no traceback, no noise."""
    proc = subprocess.Popen([*NEWSDESK, "--db", db, "search", "harbour", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    proc.stdout.close()  # closed before the command writes a byte
    _out, err = proc.communicate(timeout=60)
    assert err == "" and proc.returncode == 141


@pytest.mark.parametrize("args", [
    ("search", "harbour", "--limit", "-1"),
    ("search", "harbour", "--limit", "0"),
    ("stories", "--limit", "-5"),
    ("serve", "--port", "70000"),
    ("worker", "--concurrency", "0"),
])
def test_numbers_out_of_range_are_refused_before_anything_runs(db: str,
                                                              args: tuple[str, ...]) -> None:
    assert "is not a whole number from" in _fails("--db", db, *args, code=2)
    assert not Path(db).exists()


@pytest.mark.parametrize("args", [
    ("sources", "show", HUGE), ("sources", "show", JUST_PAST), ("sources", "show", "-1"),
    ("sources", "set", HUGE, "name=x"), ("sources", "remove", HUGE),
    ("stories", "split", HUGE), ("stories", "merge", HUGE, "1"),
    ("stories", "merge", "1", JUST_PAST), ("reprocess", "--source", HUGE),
])
def test_ids_no_row_can_have_are_one_sentence(db: str, args: tuple[str, ...]) -> None:
    assert "cannot be the id of a" in _fails("--db", db, *args, code=2)


def test_ids_in_range_but_missing_are_one_sentence(db: str) -> None:
    assert "there is no source 5" in _fails("--db", db, "sources", "show", "5")
    assert "there is no article 7" in _fails("--db", db, "stories", "split", "7")


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_web_app(store, api_token=API_TOKEN)) as test_client:
        yield test_client


READ_ROUTES = [
    "/api/stories/{id}", "/api/articles/{id}", "/api/sources/{id}",
    "/api/stories?source={id}", "/api/articles?source={id}", "/api/search?q=port&source={id}",
    "/stories/{id}", "/articles/{id}", "/sources/{id}", "/search?q=port&source={id}",
    "/feeds/source/{id}.rss", "/feeds/search.atom?q=port&source={id}",
]


@pytest.mark.parametrize("route", READ_ROUTES)
@pytest.mark.parametrize("bad_id", [HUGE, JUST_PAST, "0"])
def test_every_route_answers_an_impossible_id_with_404(client: TestClient, route: str,
                                                       bad_id: str) -> None:
    answer = client.get(route.format(id=bad_id))
    assert answer.status_code == 404, (route, answer.status_code, answer.text[:200])


@pytest.mark.parametrize(("method", "route"), [
    ("DELETE", "/api/sources/{id}"), ("POST", "/api/sources/{id}/pause"),
    ("POST", "/api/sources/{id}/resume"),
])
def test_write_routes_answer_an_impossible_id_with_404(client: TestClient, method: str,
                                                       route: str) -> None:
    answer = client.request(method, route.format(id=HUGE),
                            headers={"Authorization": f"Bearer {API_TOKEN}"})
    assert answer.status_code == 404, answer.text


@pytest.mark.parametrize("path", ["/", "/sources/1", "/search?language=en", "/api/articles"])
def test_a_forged_page_cursor_past_64_bits_is_a_400(client: TestClient, path: str) -> None:
    import base64

    forged = {"/": f"story:2026-01-01T00:00:00+00:00|{HUGE}"}.get(path, f"id:{HUGE}")
    token = base64.urlsafe_b64encode(forged.encode()).decode().rstrip("=")
    sep = "&" if "?" in path else "?"
    name = "cursor" if path.startswith("/api") else "after"
    answer = client.get(f"{path}{sep}{name}={token}")
    assert answer.status_code in (400, 404), (path, answer.status_code)
    assert answer.status_code != 500
