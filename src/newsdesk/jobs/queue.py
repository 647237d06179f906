"""The job queue for many workers: procrastinate on the PostgreSQL store.

One job is one source poll (`Poller.poll_one`, the same job the embedded runner runs). A
source is never polled by two workers at once: every poll job carries the lock and the
queueing lock ``source:<id>``. Three periodic jobs keep the queue moving, each deferred once
per tick however many workers run (procrastinate records each periodic defer), in a queue of
their own that each worker serves with one slot of its own:

- ``schedule_due`` (every 2 s) defers a poll for each source whose ``next_poll_at`` has come
  and that has no poll queued or running;
- ``recover_stalled`` (every 5 s) puts the jobs of a worker that stopped sending heartbeats
  (killed, frozen, cut off) back in the queue;
- ``prune_jobs`` (hourly) runs the worker's upkeep (`newsdesk.ops.retention`: the store's
  retention and finished jobs older than `retention.job_days`), or without one drops finished
  jobs older than a day; successful polls are deleted as they finish, so the job table stays
  the size of the work in hand.

The newsdesk `App` and the worker's `PollThread` reach the tasks through the worker's
additional context.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import procrastinate
from procrastinate import JobContext, RetryStrategy, exceptions
from procrastinate.jobs import Status

from newsdesk.store import Source, StoreError

log = logging.getLogger(__name__)

POLL_TASK = "newsdesk.poll_source"
POLL_QUEUE = "newsdesk.polls"
UPKEEP_QUEUE = "newsdesk.upkeep"  # its own queue and slot, so long polls never delay it
POLL_RETRY = RetryStrategy(max_attempts=5, exponential_wait=2)  # 2, 4, 8, 16, 32 s
KEEP_FINISHED_HOURS = 24

_ACTIVE_LOCKS = (
    "SELECT lock FROM procrastinate_jobs WHERE status IN ('todo', 'doing') AND lock IS NOT NULL"
)


def source_lock(source_id: int) -> str:
    """The lock (and queueing lock) every poll job of one source carries."""
    return f"source:{source_id}"


def make_job_app(url: str, *, pool_size: int = 4) -> procrastinate.App:
    """A procrastinate app on the PostgreSQL database at ``url`` with newsdesk's tasks.

    Open it (``async with app.open_async()``) before deferring or running a worker.
    """
    connector = procrastinate.PsycopgConnector(conninfo=url, min_size=1, max_size=pool_size)
    app = procrastinate.App(connector=connector)
    _register(app)
    return app


async def defer_poll(job_app: procrastinate.App, source_id: int) -> bool:
    """Queue a poll of one source; False when one is already queued (harmless)."""
    lock = source_lock(source_id)
    try:
        await job_app.configure_task(
            POLL_TASK, lock=lock, queueing_lock=lock,
        ).defer_async(source_id=source_id)
    except exceptions.AlreadyEnqueued:
        return False
    return True


async def defer_due(job_app: procrastinate.App, due: list[Source]) -> int:
    """Queue a poll for each due source that has none queued or running; returns how many."""
    rows = await job_app.connector.execute_query_all_async(_ACTIVE_LOCKS)
    busy = {row["lock"] for row in rows}
    queued = 0
    for source in due:
        if source_lock(source.id) not in busy:
            queued += await defer_poll(job_app, source.id)
    return queued


def _register(app: procrastinate.App) -> None:
    @app.task(name=POLL_TASK, queue=POLL_QUEUE, pass_context=True, retry=POLL_RETRY)
    async def poll_source(context: JobContext, source_id: int) -> str:
        newsdesk, polls = _tools(context)
        try:
            source = newsdesk.store.get_source(source_id)
        except StoreError:
            return "removed"
        if source.status != "active" or source.next_poll_at > datetime.now(UTC):
            return "not due"  # a poll queued behind one that just finished
        outcome = await polls.poll(source)
        return outcome.error or "ok"

    @app.periodic(cron="* * * * * */2", periodic_id="tick")
    @app.task(name="newsdesk.schedule_due", queue=UPKEEP_QUEUE, pass_context=True,
              lock="newsdesk:schedule", queueing_lock="newsdesk:schedule")
    async def schedule_due(context: JobContext, timestamp: int) -> int:
        newsdesk, _ = _tools(context)
        return await defer_due(context.app, newsdesk.store.due_sources())

    @app.periodic(cron="* * * * * */5", periodic_id="tick")
    @app.task(name="newsdesk.recover_stalled", queue=UPKEEP_QUEUE, pass_context=True,
              lock="newsdesk:recover", queueing_lock="newsdesk:recover")
    async def recover_stalled(context: JobContext, timestamp: int) -> int:
        stall_s = float(context.additional_context.get("stall_s", 30.0))
        return await recover_stalled_jobs(context.app, stall_s)

    @app.periodic(cron="17 * * * *", periodic_id="hourly")
    @app.task(name="newsdesk.prune_jobs", queue=UPKEEP_QUEUE, pass_context=True,
              queueing_lock="newsdesk:prune")
    async def prune_jobs(context: JobContext, timestamp: int) -> None:
        upkeep = context.additional_context.get("upkeep")
        if upkeep is not None:  # the retention settings' pruning, given by the worker
            await upkeep(context.app)
        else:
            await prune_finished_jobs(context.app, KEEP_FINISHED_HOURS)


_PRUNE_FINISHED = """
    FROM procrastinate_jobs j
    WHERE j.status IN ('succeeded', 'failed', 'cancelled', 'aborted')
      AND (SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id)
          < now() - %(hours)s * interval '1 hour'"""


async def prune_finished_jobs(job_app: procrastinate.App, hours: float, *,
                              dry_run: bool = False) -> int:
    """Drop jobs that finished (however they ended) more than ``hours`` ago; how many."""
    if dry_run:
        sql = f"SELECT count(*) AS n {_PRUNE_FINISHED}"
    else:
        sql = (f"WITH gone AS (DELETE FROM procrastinate_jobs WHERE id IN (SELECT j.id"
               f" {_PRUNE_FINISHED}) RETURNING 1) SELECT count(*) AS n FROM gone")
    row = await job_app.connector.execute_query_one_async(sql, hours=hours)
    return int(row["n"])


async def recover_stalled_jobs(job_app: procrastinate.App, stall_s: float) -> int:
    """Requeue the running jobs of workers silent for ``stall_s``; returns how many."""
    manager = job_app.job_manager
    recovered = 0
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stall_s):
        try:
            await manager.retry_job(job)
            recovered += 1
        except exceptions.ConnectorException:
            # a poll of the same source is already queued (queueing lock): it does the work
            await manager.finish_job(job, status=Status.FAILED, delete_job=False)
        log.warning("job %s (%s) of a stalled worker was put back", job.id, job.task_name)
    await manager.prune_stalled_workers(stall_s)
    return recovered


def _tools(context: JobContext) -> tuple[Any, Any]:
    extra = context.additional_context
    return extra["newsdesk"], extra["polls"]
