"""Stage functions in worker processes: results, errors, and a worker that dies."""

from __future__ import annotations

import asyncio
import os
import threading
import time

import pytest

from newsdesk.extract import extract_article
from newsdesk.stage_pool import StagePool


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def _refuse(n: int) -> int:
    raise ValueError(f"no square for {n}")


_HERE = {"now": 0, "most": 0}
_HERE_LOCK = threading.Lock()


def _pid_after_a_while(main_pid: int, n: int) -> tuple[int, int]:
    here = os.getpid() == main_pid
    if here:
        with _HERE_LOCK:
            _HERE["now"] += 1
            _HERE["most"] = max(_HERE["most"], _HERE["now"])
    time.sleep(0.05)
    if here:
        with _HERE_LOCK:
            _HERE["now"] -= 1
    return os.getpid(), n


def _die_unless_main(main_pid: int) -> str:
    if os.getpid() != main_pid:
        os._exit(3)  # a worker killed mid-call (out of memory, a parser crash)
    return "ran inline"


async def test_runs_in_another_process_and_passes_errors_back() -> None:
    pool = StagePool(1)
    try:
        pid, square = await pool.run(_pid_and_square, 7)
        assert (square, pid != os.getpid()) == (49, True)
        body = "The spring tide reached the harbour wall at noon. " * 8
        page = f"<html><head><title>Tides</title></head><body><article><p>{body}</p></article>"
        article = await pool.run(extract_article, page, "https://quay.example/tides")
        assert article.title == "Tides"
        with pytest.raises(ValueError, match="no square for 4"):
            await pool.run(_refuse, 4)
    finally:
        pool.close()


async def test_a_dead_worker_costs_one_call_which_runs_inline() -> None:
    pool = StagePool(1)
    try:
        assert await pool.run(_die_unless_main, os.getpid()) == "ran inline"
        _, square = await pool.run(_pid_and_square, 3)  # the pool was started afresh
        assert square == 9
    finally:
        pool.close()


async def test_no_workers_means_inline() -> None:
    pool = StagePool(0)
    pid, _ = await pool.run(_pid_and_square, 2)
    assert pid == os.getpid()
    pool.close()


async def test_shared_calls_run_here_one_at_a_time_while_the_worker_is_behind() -> None:
    pool = StagePool(1)
    try:
        await pool.run(_pid_and_square, 1)  # the worker started
        calls = [pool.run_shared(_pid_after_a_while, os.getpid(), n) for n in range(12)]
        results = [result for result, _ in await asyncio.gather(*calls)]
        assert [n for _, n in results] == list(range(12))
        here = sum(pid == os.getpid() for pid, _ in results)
        assert 0 < here < 12 and pool.shared == here
        assert _HERE["most"] == 1
        # one call at a time: the worker keeps up, nothing runs here
        for n in range(3):
            (pid, _), _ = await pool.run_shared(_pid_after_a_while, os.getpid(), n)
            assert pid != os.getpid()
    finally:
        pool.close()


async def test_sharing_can_be_turned_off() -> None:
    pool = StagePool(1, share=False)
    try:
        calls = [pool.run_shared(_pid_after_a_while, os.getpid(), n) for n in range(6)]
        assert all(pid != os.getpid() for (pid, _), _ in await asyncio.gather(*calls))
        assert pool.shared == 0
    finally:
        pool.close()
