"""Time from an item appearing in a feed to being searchable and on the site, with
`newsdesk run` running.

A fresh `newsdesk run` (its own process and SQLite file) follows the network's small "live"
feeds with short polling bounds. Once their first items are stored, new entries carrying a
unique word are published into them at known times (through the network's control
endpoint), and ``/api/search?q=<word>`` is asked every ``POLL_S`` until each one is found;
once found, the site's home page is fetched every ``POLL_S`` until its headline is there.
Each is timed from two starts: the item's publication (which includes waiting for the next
poll of its feed), and the poll that found it (when the network first served a feed body
holding the entry; the issue's target is 5 s from there, p95).
"""

from __future__ import annotations

import json
import math
import os
import signal
import socket
import statistics
import string
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from bench.ingest.measure import control
from bench.ingest.network import NetworkProcess

POLL_S = 0.1  # how often the search API is asked; the resolution of each latency
READY_TIMEOUT_S = 180.0
PROBE_TIMEOUT_S = 90.0
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def probe_word(n: int) -> str:
    """A word no generated text contains and no spacing repair would split: ``qzx`` + letters."""
    letters = ""
    n += 26 * 26  # at least three letters
    while n:
        n, digit = divmod(n, 26)
        letters = string.ascii_lowercase[digit] + letters
    return f"qzx{letters}"


def measure_latency(
    network: NetworkProcess, workdir: Path, *, interval_s: float, probes: int, gap_s: float,
    env: dict[str, str],
) -> dict[str, Any]:
    """Publish ``probes`` items ``gap_s`` apart into the live feeds; returns the latencies."""
    spec = network.spec
    live = [spec.feeds + n for n in range(spec.live_feeds)]
    db = workdir / "live.db"
    _add_sources(db, [network.feed_url(feed) for feed in live], interval_s)
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    run_env = {**os.environ, **env, "NEWSDESK_MIN_INTERVAL": str(interval_s),
               "NEWSDESK_DEFAULT_INTERVAL": str(interval_s),
               "NEWSDESK_MAX_INTERVAL": str(interval_s)}
    newsdesk = str(Path(sys.executable).with_name("newsdesk"))
    log = (workdir / "newsdesk-run.log").open("wb")
    process = subprocess.Popen(
        [newsdesk, "--db", str(db), "-q", "run", "--host", "127.0.0.1", "--port", str(port)],
        env=run_env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        ready_s = _wait_ready(api, len(live) * spec.live_items, process)
        times = _probe(network, api, live, probes, gap_s)
        times["polled"] = control(network.control, "found")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
    return {"interval_s": interval_s, "feeds": len(live), "probes": probes,
            "ready_s": ready_s, "times": times, "series": _series(times)}


def _add_sources(db: Path, urls: list[str], interval_s: float) -> None:
    from newsdesk.app import App
    from newsdesk.config import load_config
    from newsdesk.store import NewSource

    app = App.open(load_config(db=str(db), data_dir=str(db.parent)))
    try:
        app.store.add_sources([NewSource(url, f"live outlet {n}", "feed")
                               for n, url in enumerate(urls)], interval_s=interval_s)
    finally:
        app.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> Any:
    with _OPENER.open(url, timeout=10) as response:
        return json.loads(response.read())


def _wait_ready(api: str, expected: int, process: subprocess.Popen[bytes]) -> float:
    """Wait until every live feed's first items are stored; returns the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < READY_TIMEOUT_S:
        if process.poll() is not None:
            raise RuntimeError(f"`newsdesk run` exited with code {process.returncode}")
        try:
            seen = sum(s["items_seen"] for s in _get(f"{api}/sources"))
        except OSError:
            seen = -1  # the server is not up yet
        if seen >= expected:
            return time.monotonic() - started
        time.sleep(0.5)
    raise RuntimeError(f"`newsdesk run` did not store the first {expected} items in time")


def _probe(
    network: NetworkProcess, api: str, live: list[int], probes: int, gap_s: float,
) -> dict[str, dict[str, float]]:
    """Publish one probe every ``gap_s`` (a gap that is no divisor of the polling interval,
    so probes land at every phase of it) and watch search, then the home page, until each
    is on both; returns the ``time.monotonic()`` of each event, by event and word."""
    site = api.removesuffix("/api") + "/"
    due = [time.monotonic() + n * gap_s for n in range(probes)]
    published: dict[str, float] = {}
    searchable: dict[str, float] = {}
    visible: dict[str, float] = {}
    deadline = due[-1] + PROBE_TIMEOUT_S
    while time.monotonic() < deadline and len(visible) < probes:
        for n in range(len(published), probes):
            if due[n] > time.monotonic():
                break
            word = probe_word(n)
            query = urllib.parse.urlencode({"feed": live[n % len(live)], "word": word})
            control(network.control, f"publish?{query}", "POST")
            published[word] = time.monotonic()
        for word in published:
            if word not in searchable and _searchable(api, word):
                searchable[word] = time.monotonic()
        if len(visible) < len(searchable):
            home = _text(site)
            at = time.monotonic()
            visible.update((w, at) for w in searchable if w not in visible and w in home)
        time.sleep(POLL_S)
    return {"published": published, "searchable": searchable, "visible": visible}


def _searchable(api: str, word: str) -> bool:
    query = urllib.parse.urlencode({"q": word, "limit": 1})
    return bool(_get(f"{api}/search?{query}")["articles"])


def _text(url: str) -> str:
    with _OPENER.open(url, timeout=10) as response:
        return response.read().decode("utf-8", "replace")


SERIES = {  # name: (start event, end event)
    "published → searchable": ("published", "searchable"),
    "published → on the home page": ("published", "visible"),
    "poll that found it → searchable": ("polled", "searchable"),
    "poll that found it → on the home page": ("polled", "visible"),
}


def _series(times: dict[str, dict[str, float]]) -> dict[str, list[float]]:
    """Each series' latencies in seconds, sorted, over the probes that reached its end."""
    return {name: sorted(times[end][w] - times[start][w] for w in times[end]
                         if w in times[start])
            for name, (start, end) in SERIES.items()}


def summary(latencies: list[float]) -> dict[str, float]:
    """min, p50, p95 (nearest rank: with under 20 probes, the largest) and max, in seconds."""
    if not latencies:
        return {}
    rank95 = latencies[max(0, math.ceil(0.95 * len(latencies)) - 1)]
    return {"min": latencies[0], "p50": statistics.median(latencies), "p95": rank95,
            "max": latencies[-1]}
