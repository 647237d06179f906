"""The hostile-input suite's cast: an outlet on 127.0.0.1 (made to count as public when a
test needs a "public" site to misbehave), an intranet host on 127.0.0.2 that nothing may
reach, and the `newsdesk` command run in-process or as a real subprocess."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk import subscriptions
from newsdesk.cli import main
from newsdesk.fetch import guard
from tests.hostile.servers import HostileSite

NEWSDESK = [sys.executable, "-m", "newsdesk.cli"]


@pytest.fixture
def outlet() -> Iterator[HostileSite]:
    site = HostileSite("127.0.0.1")
    yield site
    site.stop()


@pytest.fixture
def intranet() -> Iterator[HostileSite]:
    """A private host (127.0.0.2): a test passes only if ``intranet.hits`` stays empty."""
    site = HostileSite("127.0.0.2")
    yield site
    site.stop()


@pytest.fixture
def outlet_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 counts as a public address (every other loopback address stays private),
    so a site served here can play a real outlet that redirects or links inwards."""
    real = guard.is_public_address

    def public(ip: object) -> bool:
        return str(ip) == "127.0.0.1" or real(ip)  # type: ignore[arg-type]

    monkeypatch.setattr(guard, "is_public_address", public)
    monkeypatch.setattr(subscriptions, "is_public_address", public)
    monkeypatch.delenv("NEWSDESK_ALLOW_PRIVATE", raising=False)


def is_loopback(host: str) -> bool:
    return ipaddress.ip_address(host).is_loopback


class Desk:
    """`newsdesk --db DB ...` in this process: exit code, stdout, stderr."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self._capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self._capsys.readouterr()
        code = main(["--db", str(self.db), *args])
        out, err = self._capsys.readouterr()
        return code, out, err


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str],
         monkeypatch: pytest.MonkeyPatch) -> Desk:
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("NEWSDESK_DB", raising=False)
    return Desk(tmp_path / "desk.db", capsys)


def run_newsdesk(*args: str, env: dict[str, str] | None = None, timeout: float = 60,
                 stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`newsdesk ARGS` as a real process (for exit codes, tracebacks and signals)."""
    return subprocess.run([*NEWSDESK, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, input=stdin)


def one_sentence(stderr: str) -> str:
    """The single line a failing command printed; fails on a traceback or several lines."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("newsdesk: "), stderr
    return lines[0]
