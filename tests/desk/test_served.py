"""`newsdesk serve` puts the desk on the site it serves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def test_newsdesk_serve_offers_the_desk(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(tmp_path)}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "newsdesk.cli", "--db", str(tmp_path / "n.db"), "serve",
         "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        text=True)
    try:
        line = server.stdout.readline() if server.stdout else ""
        assert line.startswith("Serving on http://127.0.0.1:"), line
        url = line.split()[-1]
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(url + "desk", timeout=5) as answer:
                    page = answer.read().decode()
                break
            except urllib.error.URLError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert "newsdesk users add NAME --role admin" in page
    finally:
        server.terminate()
        server.wait(20)
