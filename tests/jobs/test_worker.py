"""The job queue on PostgreSQL: its schema, deferring polls once, recovering stalled jobs."""

from __future__ import annotations

import asyncio
from pathlib import Path

import psycopg
import pytest
from procrastinate.jobs import Status

from newsdesk.app import App
from newsdesk.config import load_config
from newsdesk.jobs.queue import (
    defer_due,
    defer_poll,
    make_job_app,
    recover_stalled_jobs,
    source_lock,
)
from newsdesk.jobs.queue_schema import ensure_queue_schema
from newsdesk.jobs.worker import WorkerError, run_worker
from newsdesk.store import open_store


async def test_a_worker_refuses_a_sqlite_store(tmp_path: Path) -> None:
    app = App.open(load_config(db=str(tmp_path / "one.db")))
    try:
        with pytest.raises(WorkerError, match="PostgreSQL"):
            await run_worker(app, concurrency=2, stop=asyncio.Event())
    finally:
        app.close()


def test_the_queue_schema_is_created_once(pg_schema_url: str) -> None:
    assert ensure_queue_schema(pg_schema_url) is True
    assert ensure_queue_schema(pg_schema_url) is False


async def test_a_source_is_queued_once_however_often_it_is_due(pg_schema_url: str) -> None:
    ensure_queue_schema(pg_schema_url)
    store = open_store(pg_schema_url)
    try:
        source = store.add_source("http://127.0.0.1:9/feed.xml", name="Quay Courier",
                                  kind="feed", interval_s=60)
        async with make_job_app(pg_schema_url).open_async() as job_app:
            assert await defer_poll(job_app, source.id) is True
            assert await defer_poll(job_app, source.id) is False
            assert await defer_due(job_app, store.due_sources()) == 0
        with psycopg.connect(pg_schema_url) as conn:
            locks = conn.execute("SELECT lock, queueing_lock FROM procrastinate_jobs").fetchall()
        assert locks == [(source_lock(source.id), source_lock(source.id))]
    finally:
        store.close()


async def test_the_job_of_a_silent_worker_is_put_back_in_the_queue(pg_schema_url: str) -> None:
    ensure_queue_schema(pg_schema_url)
    async with make_job_app(pg_schema_url).open_async() as job_app:
        await defer_poll(job_app, 7)
        manager = job_app.job_manager
        dead_worker = await manager.register_worker()
        job = await manager.fetch_job(queues=None, worker_id=dead_worker)
        assert job is not None
        with psycopg.connect(pg_schema_url, autocommit=True) as conn:
            conn.execute("UPDATE procrastinate_workers SET last_heartbeat = now()"
                         " - interval '1 hour'")
        assert await recover_stalled_jobs(job_app, stall_s=30) == 1
        assert await manager.get_job_status_async(job.id) == Status.TODO
