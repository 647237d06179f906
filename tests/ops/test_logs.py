"""Log lines: timestamped, levelled, one per event, text or JSON; secrets never printed."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.cli import main
from newsdesk.ops.logs import configure_logging, level_for
from tests.ops.velmora import free_port, publish
from tests.sites import StaticSite

SECRETS = {
    "NEWSDESK_API_TOKEN": "api-Tok3n-quayside-4411",
    "NEWSDESK_READ_TOKEN": "read-Tok3n-lantern-2290",
    "NEWSDESK_TELEGRAM_TOKEN": "987654:bot-Tok3n-gullhaven",
    "NEWSDESK_METRICS_TOKEN": "metrics-Tok3n-beacon-7731",
}
TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    yield stream
    configure_logging(level=logging.WARNING)  # back to stderr for the tests that follow


def test_text_lines_carry_time_level_and_logger(captured: io.StringIO) -> None:
    configure_logging(level=logging.INFO, stream=captured)
    logging.getLogger("newsdesk.polls").info("source %d: %s", 3, "2 new of 9 items")
    logging.getLogger("newsdesk.polls").debug("not shown at INFO")
    [line] = captured.getvalue().splitlines()
    assert re.fullmatch(TIMESTAMP + r" INFO newsdesk\.polls: source 3: 2 new of 9 items", line)


def test_json_lines_are_one_object_each_with_the_event_fields(captured: io.StringIO) -> None:
    configure_logging(level=logging.INFO, fmt="json", stream=captured)
    log = logging.getLogger("newsdesk.access")
    log.info("GET /", extra={"status": 200, "path": "/"})
    try:
        raise ValueError("the feed was\nnot XML")
    except ValueError:
        log.exception("poll failed")
    first, second = (json.loads(line) for line in captured.getvalue().splitlines())
    assert re.fullmatch(TIMESTAMP, first["time"])
    assert (first["level"], first["logger"], first["message"]) == ("info", "newsdesk.access",
                                                                     "GET /")
    assert (first["status"], first["path"]) == (200, "/")
    assert second["level"] == "error" and "ValueError: the feed was\nnot XML" in second[
        "exception"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_secrets_are_masked_whoever_logs_them(captured: io.StringIO, fmt: str) -> None:
    secret = 'pa"ss-wörd-9'
    configure_logging(level=logging.DEBUG, fmt=fmt, secrets=[secret, "ab"], stream=captured)
    logging.getLogger("aiohttp.client").warning("POST https://api.telegram.org/bot%s/send",
                                                secret)
    try:
        raise ConnectionError(f"postgresql://desk:{secret}@db/news refused")
    except ConnectionError:
        logging.getLogger("psycopg").exception("lost the database")
    out = captured.getvalue()
    assert secret not in out and json.dumps(secret)[1:-1] not in out
    assert out.count("***") == 2  # in the message and in the exception
    assert "the database" in out  # a secret too short to mask ("ab") is left alone


def test_servers_say_more_than_one_off_commands() -> None:
    assert level_for("", 0, long_running=True) == logging.INFO
    assert level_for("", 0, long_running=False) == logging.WARNING
    assert level_for("", 1, long_running=False) == logging.INFO
    assert level_for("error", -1, long_running=True) == logging.CRITICAL
    assert level_for("debug", 5, long_running=True) == logging.DEBUG


def _get(url: str, token: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"}
                                     if token else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_a_run_with_every_secret_set_never_prints_one(
        static_site: StaticSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`run` at debug level: polling, serving, posting to a Bot API that fails, requests
    with right and wrong tokens. The output has log lines for all of it, and no secret."""
    db = str(tmp_path / "desk.db")
    feed = publish(static_site)
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    assert main(["--db", db, "sources", "add", feed]) == 0
    assert main(["--db", db, "poll", "--once"]) == 0
    capsys.readouterr()
    port = free_port()
    env = {**os.environ, **SECRETS, "NEWSDESK_ALLOW_PRIVATE": "1",
           "NEWSDESK_TELEGRAM_CHANNEL": "@velmora", "NEWSDESK_EXTRACT_WORKERS": "0",
           "NEWSDESK_TELEGRAM_HOLD": "0",
           "NEWSDESK_TELEGRAM_API": static_site.url("/telegram")}  # answers 405: a failure
    server = subprocess.Popen([sys.executable, "-m", "newsdesk", "--db", db, "-vv", "run",
                               "--port", str(port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout or ()), daemon=True)
    reader.start()
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while not any("post of story" in line for line in list(lines)):
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                reader.join(10)
                pytest.fail("no Telegram post was tried:\n" + "".join(lines))
            time.sleep(0.2)
        assert _get(base + "/api/stories") == 401
        assert _get(base + "/api/stories", SECRETS["NEWSDESK_READ_TOKEN"]) == 200
        assert _get(base + "/metrics", "wrong-token") == 401
        metrics = urllib.request.Request(base + "/metrics", headers={
            "Authorization": f"Bearer {SECRETS['NEWSDESK_METRICS_TOKEN']}"})
        with urllib.request.urlopen(metrics, timeout=10) as page:
            assert re.search(rb'newsdesk_posts_total\{channel="telegram",result="failed"\} [1-9]',
                             page.read())
        assert _get(base + "/readyz") == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
        reader.join(10)
    out = "".join(lines)
    assert server.returncode == 0, out
    assert re.search(TIMESTAMP + r' INFO newsdesk\.access: 127\.0\.0\.1 "GET /api/stories" 200',
                     out)
    assert re.search(TIMESTAMP + r" (WARNING|ERROR) newsdesk\.publish\.poster: ", out)
    for name, secret in SECRETS.items():
        assert secret not in out, f"{name} was printed"
        assert secret.split(":")[-1] not in out
