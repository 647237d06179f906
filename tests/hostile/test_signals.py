"""Signals, with real processes: `poll`, `poll --once`, `run`, `serve` and `worker` stop
soon after SIGINT/SIGTERM without half-storing an article; a SIGKILLed parent leaves no
child running; a killed poll loses nothing and a second poll duplicates nothing."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsdesk.store import Store, open_store
from tests.hostile.conftest import NEWSDESK, one_sentence, run_newsdesk
from tests.hostile.servers import HostileSite
from tests.hostile.slow_outlet import publish

STOP_LIMIT_S = 2.0  # the promise: a stop signal ends the process within this long
ARTICLES = 24
PAGE_DELAY_S = 0.4  # each article page answers this slowly, so a poll is busy when signalled


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"NEWSDESK_ALLOW_PRIVATE": "1", "NEWSDESK_PER_HOST_DELAY": "0",
            "NEWSDESK_EXTRACT_WORKERS": "1", "NEWSDESK_DATA_DIR": str(tmp_path / "data"),
            "NEWSDESK_DB": "", "NEWSDESK_MIN_INTERVAL": "60"}


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test starts; each in its own session, whose group is killed afterwards."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:  # the whole group: children a broken stop left behind, too
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def _start(processes: list[subprocess.Popen[str]], env: dict[str, str],
           *args: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([*NEWSDESK, *args], env={**os.environ, **env}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    processes.append(proc)
    return proc


def _feed_source(db: Path, env: dict[str, str], outlet: HostileSite) -> None:
    publish(outlet, ARTICLES, PAGE_DELAY_S)
    done = run_newsdesk("--db", str(db), "sources", "add", outlet.url("/feed.xml"),
                        "--kind", "feed", env=env)
    assert done.returncode == 0, done.stderr


def _wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"gave up waiting: {what}")


def _article_count(db: Path) -> int:
    store = open_store(db)
    try:
        return store.article_count()
    finally:
        store.close()


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` now (children, their children ...), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _output(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """What the process wrote; fails if a child still holds its output open (an orphan)."""
    try:
        return proc.communicate(timeout=STOP_LIMIT_S + 3)
    except subprocess.TimeoutExpired:
        pytest.fail("the output is still held open after the process ended: an orphan child")


def _stopped_within(proc: subprocess.Popen[str], sig: int) -> float:
    """Send ``sig``; seconds until the process ended (fails past the limit)."""
    sent = time.monotonic()
    proc.send_signal(sig)
    try:
        proc.wait(timeout=STOP_LIMIT_S + 8)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running {STOP_LIMIT_S + 8:.0f} s after signal {sig}")
    return time.monotonic() - sent


def _assert_stops(proc: subprocess.Popen[str], sig: int, what: str, code: int = 0) -> str:
    """Send ``sig``: the process must end within the limit, with ``code``, without a
    traceback. Its stderr."""
    took = _stopped_within(proc, sig)
    _out, err = _output(proc)
    assert took < STOP_LIMIT_S, f"{what} took {took:.1f} s to stop"
    assert proc.returncode == code and "Traceback" not in err, (proc.returncode, err)
    return err


def _poll_under_way(tmp_path: Path, env: dict[str, str], outlet: HostileSite,
                    processes: list[subprocess.Popen[str]], *command: str,
                    ) -> tuple[Path, subprocess.Popen[str], set[int]]:
    """A store following the slow outlet and ``newsdesk COMMAND`` busy polling it: the
    database, the process and its child processes."""
    db = tmp_path / "desk.db"
    _feed_source(db, env, outlet)
    proc = _start(processes, env, "--db", str(db), *command)
    return db, proc, _busy_polling(proc, db)


def _children_end(children: set[int], why: str) -> None:
    _wait_until(lambda: not any(_alive(c) for c in children), STOP_LIMIT_S, why)


def _busy_polling(proc: subprocess.Popen[str], db: Path) -> set[int]:
    """Wait until the poll is mid-feed with its extraction worker running; its children."""
    _wait_until(lambda: _article_count(db) >= 2 or proc.poll() is not None, 60,
                "the poll stores its first articles")
    assert proc.poll() is None, _output(proc)
    children = _descendants(proc.pid)
    assert children, "the extraction worker process did not start"
    return children


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_poll_once_stops_at_once_and_keeps_what_it_stored(
    tmp_path: Path, env: dict[str, str], outlet: HostileSite,
    processes: list[subprocess.Popen[str]], sig: int,
) -> None:
    db, proc, children = _poll_under_way(tmp_path, env, outlet, processes, "poll", "--once")
    assert "stopped by a signal" in _assert_stops(proc, sig, "poll --once", code=130)
    _children_end(children, "the extraction worker ends with its parent")
    stored = _article_count(db)
    assert 0 < stored < ARTICLES
    done = run_newsdesk("--db", str(db), "poll", "--once", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _article_count(db) == ARTICLES  # the rest came with the next poll, none twice


def test_ctrl_c_in_a_terminal_signals_the_workers_too_and_prints_one_sentence(
    tmp_path: Path, env: dict[str, str], outlet: HostileSite,
    processes: list[subprocess.Popen[str]],
) -> None:
    """A terminal's Ctrl-C reaches every process of the group, the extraction worker
    included: only the parent speaks."""
    _db, proc, children = _poll_under_way(tmp_path, env, outlet, processes, "poll", "--once")
    os.killpg(proc.pid, signal.SIGINT)
    _out, err = _output(proc)
    assert proc.returncode == 130
    assert one_sentence(err).startswith("newsdesk: stopped by a signal")
    _children_end(children, "the extraction worker ends with its parent")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_poll_loop_stops_within_two_seconds_and_ingests_nothing_after(
    tmp_path: Path, env: dict[str, str], outlet: HostileSite,
    processes: list[subprocess.Popen[str]], sig: int,
) -> None:
    db, proc, children = _poll_under_way(tmp_path, env, outlet, processes, "poll")
    _assert_stops(proc, sig, "poll")
    stored_at_exit = _article_count(db)
    _children_end(children, "the extraction worker ends with its parent")
    time.sleep(PAGE_DELAY_S * 2)
    assert _article_count(db) == stored_at_exit < ARTICLES


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize(("command", "sig"), [("serve", signal.SIGINT), ("serve", signal.SIGTERM),
                                              ("run", signal.SIGTERM), ("run", signal.SIGINT)])
def test_serve_and_run_stop_within_two_seconds(
    tmp_path: Path, env: dict[str, str], outlet: HostileSite,
    processes: list[subprocess.Popen[str]], command: str, sig: int,
) -> None:
    db = tmp_path / "desk.db"
    _feed_source(db, env, outlet)
    port = _free_port()
    proc = _start(processes, env, "--db", str(db), command, "--port", str(port))
    _wait_until(lambda: _answers(port) or proc.poll() is not None, 60, "the server listens")
    if command == "run":
        _busy_polling(proc, db)
    with socket.create_connection(("127.0.0.1", port)) as idle_client:  # a kept-alive reader
        idle_client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        _assert_stops(proc, sig, command)


def test_worker_stops_within_two_seconds(
    pg_schema_url: str, env: dict[str, str], outlet: HostileSite,
    processes: list[subprocess.Popen[str]],
) -> None:
    publish(outlet, ARTICLES, PAGE_DELAY_S)
    store: Store = open_store(pg_schema_url)
    try:
        store.add_source(outlet.url("/feed.xml"), name="Slow", kind="feed", interval_s=60)
        proc = _start(processes, env, "--db", pg_schema_url, "worker", "--concurrency", "2")
        _wait_until(lambda: store.article_count() >= 2 or proc.poll() is not None, 90,
                    "the worker stores its first articles")
        assert proc.poll() is None, _output(proc)
        _assert_stops(proc, signal.SIGTERM, "worker")
    finally:
        store.close()


def test_no_child_outlives_a_sigkilled_parent(
    tmp_path: Path, env: dict[str, str], outlet: HostileSite,
    processes: list[subprocess.Popen[str]],
) -> None:
    _db, proc, children = _poll_under_way(tmp_path, env, outlet, processes, "poll", "--once")
    proc.kill()  # SIGKILL: no handler, no clean-up
    proc.wait(10)
    _children_end(children, f"children {sorted(children)} end after their parent was killed")
    _output(proc)  # end of file: no orphan holds the parent's output open


def test_a_killed_poll_loses_nothing_and_the_next_duplicates_nothing(
    tmp_path: Path, env: dict[str, str], outlet: HostileSite,
    processes: list[subprocess.Popen[str]],
) -> None:
    db, proc, _children = _poll_under_way(tmp_path, env, outlet, processes, "poll", "--once")
    proc.kill()
    proc.wait(10)
    done = run_newsdesk("--db", str(db), "poll", "--once", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    _assert_each_article_once(db)


def test_two_concurrent_polls_on_one_sqlite_file_store_each_article_once(
    tmp_path: Path, env: dict[str, str], outlet: HostileSite,
    processes: list[subprocess.Popen[str]],
) -> None:
    db = tmp_path / "desk.db"
    _feed_source(db, env, outlet)
    env = {**env, "NEWSDESK_EXTRACT_WORKERS": "0"}
    both = [_start(processes, env, "--db", str(db), "poll", "--once") for _ in range(2)]
    for proc in both:
        proc.wait(timeout=120)
        _out, err = _output(proc)
        assert proc.returncode == 0, err
    _assert_each_article_once(db)


def _assert_each_article_once(db: Path) -> None:
    store = open_store(db)
    try:
        urls = [a.article.url for a in store.list_articles(limit=10 * ARTICLES)]
    finally:
        store.close()
    assert len(urls) == len(set(urls)) == ARTICLES
