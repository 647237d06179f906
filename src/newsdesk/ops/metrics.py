"""Prometheus metrics: the counters each process keeps, and the store's totals at scrape time.

Each process counts its own work in prometheus_client's default registry: polls, fetches,
items, articles and stage times where polling happens (`run`, `poll`, each `worker`), HTTP
requests and Telegram posts where the site is served (`serve`, `run`). The web server's
/metrics adds the store's totals (articles, stories, sources by status, sources due, queued
jobs), read from the database when scraped, so they are the same whichever server answers and
are never summed across workers. A worker shows its own counters with ``--metrics-port``.

This module imports nothing of newsdesk, so any stage can report to it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Protocol

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

POLLS = Counter("newsdesk_polls", "Source polls, by outcome (ok, not_modified, failed)",
                ["outcome"])
ITEMS = Counter("newsdesk_items", "Items listed by the sources polled")
ARTICLES = Counter("newsdesk_articles_saved", "Articles saved by this process (new, updated)",
                   ["result"])
FETCHES = Counter("newsdesk_fetches", "HTTP fetches, by outcome (ok, not_modified, http_4xx,"
                  " http_5xx, or the failure: dns, connect, timeout, tls, too_large, redirects,"
                  " private_address, robots, bad_url)", ["outcome"])
STAGE_SECONDS = Histogram("newsdesk_stage_seconds", "Time one article spends in a stage"
                          " (fetch, extract, repair, learn, store, group, sign, assign)",
                          ["stage"],
                          buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                                   2.5, 5, 10, 30))
STAGE_CPU = Counter("newsdesk_stage_cpu_seconds", "CPU time spent in a stage, its nested"
                    " stages not counted (parse, extract (in the worker processes), repair,"
                    " learn, store, group, sign, assign)", ["stage"])
POSTS = Counter("newsdesk_posts", "Stories posted to channels (sent, edited, failed), by the"
                " kind of channel (telegram, wordpress)", ["channel", "result"])
HTTP_REQUESTS = Counter("newsdesk_http_requests", "HTTP requests served, by route and status",
                        ["method", "route", "status"])
HTTP_SECONDS = Histogram("newsdesk_http_request_seconds", "Time to answer an HTTP request",
                         ["route"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
                                             5, 10))


class _Report(Protocol):
    not_modified: bool
    items: int
    new_articles: int
    updated_articles: int


class _Outcome(Protocol):
    error: str | None

    @property
    def report(self) -> _Report | None: ...


def poll_finished(outcome: _Outcome) -> None:
    """Count one source poll and what it found."""
    report = outcome.report
    if outcome.error or report is None:
        POLLS.labels("failed").inc()
        return
    POLLS.labels("not_modified" if report.not_modified else "ok").inc()
    ITEMS.inc(report.items)
    ARTICLES.labels("new").inc(report.new_articles)
    ARTICLES.labels("updated").inc(report.updated_articles)


def fetch_finished(status: int | None, failure: str | None = None) -> None:
    """Count one fetch: its HTTP status class, or the fetcher's failure reason."""
    if failure == "http_status" and status is not None:
        outcome = f"http_{status // 100}xx"
    elif failure:
        outcome = failure
    else:
        outcome = "not_modified" if status == 304 else "ok"
    FETCHES.labels(outcome).inc()


_nested = threading.local()  # per thread: CPU of the stages running inside the current one


@lru_cache(maxsize=64)
def _stage(stage: str) -> tuple[Histogram, Counter]:
    """A stage's histogram and CPU counter (``labels`` takes a lock and a lookup each call;
    the pipeline times a dozen stages per article)."""
    return STAGE_SECONDS.labels(stage), STAGE_CPU.labels(stage)


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Time a synchronous block as one article's pass through ``stage``: its wall time (with
    the stages nested in it) and its CPU time (without them, so stage CPU times add up)."""
    started, cpu = time.perf_counter(), time.thread_time()
    outer = getattr(_nested, "cpu", 0.0)
    _nested.cpu = 0.0
    try:
        yield
    finally:
        spent = time.thread_time() - cpu
        seconds, cpu_seconds = _stage(stage)
        seconds.observe(time.perf_counter() - started)
        cpu_seconds.inc(max(0.0, spent - _nested.cpu))
        _nested.cpu = outer + spent


@contextmanager
def waited(stage: str) -> Iterator[None]:
    """Time an awaited block (a fetch, a call into a worker process): wall time only, since
    the event loop runs other work while it waits."""
    started = time.perf_counter()
    try:
        yield
    finally:
        _stage(stage)[0].observe(time.perf_counter() - started)


def cpu_spent(stage: str, seconds: float) -> None:
    """Count CPU a stage spent elsewhere (extraction in a worker process)."""
    _stage(stage)[1].inc(max(0.0, seconds))


def posted(channel: str, result: str) -> None:
    """``channel``: "telegram:@news" or its kind; ``result``: sent, edited or failed."""
    POSTS.labels(channel.partition(":")[0], result).inc()


def http_answered(method: str, route: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_SECONDS.labels(route).observe(seconds)


class _Totals(Collector):
    """The store's totals as gauges (see `exposition`)."""

    def __init__(self, totals: Mapping[str, Any]) -> None:
        self._totals = totals

    def collect(self) -> Iterator[GaugeMetricFamily]:
        t = self._totals
        yield GaugeMetricFamily("newsdesk_articles", "Articles in the store",
                                value=t["articles"])
        yield GaugeMetricFamily("newsdesk_stories", "Stories in the store", value=t["stories"])
        sources = GaugeMetricFamily("newsdesk_sources", "Sources, by status", labels=["status"])
        for status, count in sorted(t["sources"].items()):
            sources.add_metric([status], count)
        yield sources
        yield GaugeMetricFamily("newsdesk_sources_due", "Active sources whose next poll is due"
                                " (the polling backlog)", value=t["due"])
        jobs = GaugeMetricFamily("newsdesk_queue_jobs", "Worker queue jobs waiting or running"
                                 " (PostgreSQL)", labels=["status"])
        for status, count in sorted(t.get("jobs", {}).items()):
            jobs.add_metric([status], count)
        yield jobs


def exposition(totals: Mapping[str, Any] | None = None) -> tuple[bytes, str]:
    """This process's metrics in the Prometheus text format, with the store's ``totals``
    (from ``store.totals()``) when given; and the content type to send them with."""
    body = generate_latest(REGISTRY)
    if totals is not None:
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_Totals(totals))
        body += generate_latest(registry)
    return body, CONTENT_TYPE_LATEST
