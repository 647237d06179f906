"""/healthz, /readyz and /metrics of the web server; the counters the pipeline reports."""

from __future__ import annotations

import logging
import re
import shutil
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from newsdesk.cli import main
from newsdesk.ops import metrics
from newsdesk.ops.http import start_worker_endpoint
from newsdesk.publish import create_web_app
from newsdesk.records import Article
from newsdesk.store import Store, open_store
from tests.ops.velmora import free_port, publish
from tests.sites import StaticSite

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def filled(store: Store) -> Store:
    source = store.add_source("https://velmora.example/feed", name="Velmora Courier",
                              kind="feed", interval_s=600)
    for n in range(3):
        store.save_article(Article(url=f"https://velmora.example/{n}", title=f"Story {n}",
                                   text="Ferries resume."), source_id=source.id, fetch_id=None)
    return store


@pytest.fixture
def client(filled: Store) -> Iterator[TestClient]:
    with TestClient(create_web_app(filled, metrics_token="beacon-token")) as test_client:
        yield test_client


def test_alive_and_ready(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"database": "ok", "search": "ok"}}


def test_not_ready_without_a_database_or_a_search_index(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    store = open_store(db)
    with TestClient(create_web_app(store)) as client:
        shutil.rmtree(Path(f"{db}-search"), ignore_errors=True)
        Path(f"{db}-search").write_text("a file where the index should be")
        store.close()
        for path in tmp_path.glob("desk.db*"):
            if path.is_file() and path.name != "desk.db-search":
                path.unlink()
        db.mkdir()  # the database cannot be opened any more
        answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json() == {"status": "unavailable",
                             "checks": {"database": "unreachable", "search": "unavailable"}}


def test_metrics_count_requests_by_route_and_show_the_store(client: TestClient,
                                                            filled: Store) -> None:
    before = _sample("newsdesk_http_requests_total", method="GET",
                     route="/articles/{article_id}", status="200")
    article_id = filled.list_articles(limit=1)[0].id
    assert client.get(f"/articles/{article_id}").status_code == 200
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/metrics").status_code == 401
    page = client.get("/metrics", headers={"Authorization": "Bearer beacon-token"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/plain; version=")
    text = page.text
    assert "newsdesk_articles 3.0" in text
    assert 'newsdesk_sources{status="active"} 1.0' in text
    assert "newsdesk_sources_due 1.0" in text
    assert _sample("newsdesk_http_requests_total", method="GET",
                   route="/articles/{article_id}", status="200") == before + 1
    assert re.search(r'newsdesk_http_requests_total\{method="GET",route="\(unmatched\)",'
                     r'status="404"\} [1-9]', text)


def test_the_access_log_has_a_line_per_request(client: TestClient,
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="newsdesk.access")
    client.get("/?after=abc", headers={"User-Agent": "Lantern/2.0"})
    client.get("/healthz")
    [page, probe] = [r for r in caplog.records if r.name == "newsdesk.access"]
    assert page.levelno == logging.INFO and probe.levelno == logging.DEBUG
    assert re.fullmatch(r'testclient "GET /\?after=abc" \d{3} \d+B [\d.]+ms "Lantern/2.0"',
                        page.getMessage())
    assert (page.path, page.route, page.method) == ("/?after=abc", "/", "GET")  # type: ignore[attr-defined]


def test_polling_counts_polls_fetches_articles_and_stage_times(
        static_site: StaticSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("NEWSDESK_EXTRACT_WORKERS", "0")
    db = str(tmp_path / "desk.db")
    static_site.pages["/gone.xml"] = (500, "text/plain", b"down")
    assert main(["--db", db, "sources", "add", publish(static_site)]) == 0
    assert main(["--db", db, "sources", "add", static_site.url("/gone.xml"), "--kind",
                 "feed"]) == 0
    counters = {
        "ok": ("newsdesk_polls_total", {"outcome": "ok"}),
        "failed": ("newsdesk_polls_total", {"outcome": "failed"}),
        "fetched": ("newsdesk_fetches_total", {"outcome": "ok"}),
        "5xx": ("newsdesk_fetches_total", {"outcome": "http_5xx"}),
        "items": ("newsdesk_items_total", {}),
        "new": ("newsdesk_articles_saved_total", {"result": "new"}),
        "extract": ("newsdesk_stage_seconds_count", {"stage": "extract"}),
        "repair": ("newsdesk_stage_seconds_count", {"stage": "repair"}),
        "group": ("newsdesk_stage_seconds_count", {"stage": "group"}),
    }
    before = {key: _sample(name, **labels) for key, (name, labels) in counters.items()}
    assert main(["--db", db, "poll", "--once"]) == 0
    grew = {key: _sample(name, **labels) - before[key]
            for key, (name, labels) in counters.items()}
    assert grew == {"ok": 1, "failed": 1, "fetched": 3, "5xx": 1, "items": 2, "new": 2,
                    "extract": 2, "repair": 2, "group": 2}


def test_a_worker_endpoint_serves_metrics_and_health() -> None:
    port = free_port()
    endpoint = start_worker_endpoint("127.0.0.1", port)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as page:
            assert b"newsdesk_polls_total" in page.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as page:
            assert page.read() == b'{"status": "ok"}'
    finally:
        endpoint.shutdown()


def test_stage_cpu_counts_nested_stages_once() -> None:
    """A stage's CPU leaves out the stages nested in it, so the stages add up."""
    def cpu(stage: str) -> float:
        return metrics.STAGE_CPU.labels(stage)._value.get()

    outer, inner = cpu("test-outer"), cpu("test-inner")
    with metrics.timed("test-outer"), metrics.timed("test-inner"):
        sum(range(2_000_000))  # work done only in the inner stage
    spent_inner = cpu("test-inner") - inner
    assert spent_inner > 0
    assert cpu("test-outer") - outer < spent_inner
