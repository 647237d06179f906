"""Three worker processes on one PostgreSQL store ingest a news network; one is killed.

Every article must be stored exactly once, every source polled on time (the killed worker's
polls are recovered), and the site's API must serve what the workers stored.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from bench.scale.network import NewsNetwork
from fastapi.testclient import TestClient

from newsdesk.publish import create_web_app
from newsdesk.store import Store, open_store
from newsdesk.urls import normalize_url

OUTLETS, ITEMS = 20, 10
MAX_INTERVAL_S = 6.0
HEARTBEAT_S = 1.5  # a worker silent for 3 heartbeats (4.5 s) is taken for dead
# scheduling tick (2 s) + stall detection (4.5 s) + recovery tick (5 s) + a busy 2-core machine
LATE_TOLERANCE_S = 15.0
STARTUP_S = 30.0
KILL_AT_ARTICLES = 20
STEADY_S = 12.0  # after the last article is in, sources are re-polled on schedule this long
DEADLINE_S = 75.0


@dataclass
class Run:
    store: Store
    network: NewsNetwork
    started: float
    all_stored: float  # when the last article was in; the first polls are long, later ones not
    ended: float


@pytest.fixture(scope="module")
def worker_run(postgres_url: str) -> Iterator[Run]:
    schema = "w_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in postgres_url else "?"
    url = f"{postgres_url}{sep}options=-csearch_path%3D{schema}"
    network = NewsNetwork(OUTLETS, ITEMS)
    store = open_store(url)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        for outlet in range(OUTLETS):
            store.add_source(network.feed_url(outlet), name=f"Outlet {outlet}", kind="feed",
                             interval_s=4.0)
        started = time.time()
        workers = [_start_worker(url, n) for n in range(3)]
        all_stored, ended = _run_and_kill_one(store, workers, started)
        for worker in workers[1:]:
            worker.send_signal(signal.SIGTERM)
        for worker in workers[1:]:
            assert worker.wait(timeout=40) == 0, "a worker did not stop cleanly on SIGTERM"
        yield Run(store, network, started, all_stored, ended)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(10)
        store.close()
        network.stop()
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _start_worker(url: str, n: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NEWSDESK_ALLOW_PRIVATE": "1", "NEWSDESK_MIN_INTERVAL": "3",
           "NEWSDESK_MAX_INTERVAL": str(MAX_INTERVAL_S)}
    env.pop("NEWSDESK_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "newsdesk.jobs.worker", "--db", url, "--concurrency", "8",
         "--heartbeat", str(HEARTBEAT_S), "--name", f"test-{n}"],
        env=env, stdout=subprocess.DEVNULL,
    )


def _run_and_kill_one(store: Store, workers: list[subprocess.Popen[bytes]], started: float
                      ) -> tuple[float, float]:
    """SIGKILL worker 0 once some articles are in, run on; return when every article was in
    and when the run ended."""
    killed_at: float | None = None
    all_stored: float | None = None
    while time.time() - started < DEADLINE_S:
        time.sleep(0.5)
        for worker in workers[1:]:
            assert worker.poll() is None, f"a worker exited early ({worker.returncode})"
        stored = _article_count(store)
        if killed_at is None and stored >= KILL_AT_ARTICLES:
            workers[0].kill()  # SIGKILL: no clean-up, its running polls stay "doing"
            workers[0].wait(10)
            killed_at = time.time()
        if killed_at and stored == OUTLETS * ITEMS:
            all_stored = all_stored or time.time()
            if time.time() - all_stored >= STEADY_S:
                return all_stored, time.time()
    pytest.fail(f"the workers stored {_article_count(store)} of {OUTLETS * ITEMS} articles"
                f" in {DEADLINE_S:.0f} s (killed one: {killed_at is not None})")


def _article_count(store: Store) -> int:
    with store.transaction() as tx:
        row = tx.row("SELECT count(*) FROM articles")
    return int(row[0]) if row else 0


def test_every_article_is_stored_exactly_once(worker_run: Run) -> None:
    with worker_run.store.transaction() as tx:
        urls = [r[0] for r in tx.rows("SELECT url FROM articles")]
    assert len(urls) == OUTLETS * ITEMS
    assert set(urls) == {normalize_url(u) for u in worker_run.network.article_urls()}


def test_every_source_is_polled_on_time_despite_the_killed_worker(worker_run: Run) -> None:
    longest_wait = MAX_INTERVAL_S * 1.2 + LATE_TOLERANCE_S  # 1.2: the schedule's jitter
    for outlet in range(OUTLETS):
        hits = worker_run.network.feed_hits[outlet]
        assert hits, f"outlet {outlet} was never polled"
        assert hits[0] - worker_run.started <= STARTUP_S, f"outlet {outlet} polled late"
        steady = [h for h in hits if h >= worker_run.all_stored]
        ends = [*steady[1:], worker_run.ended]
        waits = [b - a for a, b in zip(steady, ends, strict=True)] or [
            worker_run.ended - hits[-1]]
        assert max(waits) <= longest_wait, f"outlet {outlet} waited {max(waits):.1f} s"
    for source in worker_run.store.list_sources():
        assert source.last_success_at is not None
        assert source.error_count == 0, source.last_error


def test_the_api_serves_the_stories_the_workers_stored(worker_run: Run) -> None:
    client = TestClient(create_web_app(worker_run.store))
    response = client.get("/api/stories", params={"limit": 50})
    assert response.status_code == 200
    stories = response.json()["stories"]
    assert len(stories) == 50
    served = {a["url"] for s in stories for a in s["articles"]}
    assert served <= {normalize_url(u) for u in worker_run.network.article_urls()}
