"""Stage functions in worker processes: results, errors, and a worker that dies."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path
from unittest.mock import ANY

import pytest

from newsdesk.extract import extract_article
from newsdesk.stage_pool import StagePool


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def _refuse(n: int) -> int:
    raise ValueError(f"no square for {n}")


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


async def test_a_shared_call_whose_worker_dies_runs_inline() -> None:
    pool = StagePool(1)
    try:
        assert await pool.share(_die_unless_main, os.getpid()) == ("ran inline", ANY)
        (_, square), _ = await pool.share(_pid_and_square, 6)  # the pool was started afresh
        assert square == 36
    finally:
        pool.close()


async def test_no_workers_means_inline() -> None:
    pool = StagePool(0)
    pid, _ = await pool.run(_pid_and_square, 2)
    assert pid == os.getpid()
    pool.close()


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


async def test_shared_calls_run_here_only_while_the_workers_are_behind_and_this_is_idle(
) -> None:
    pool = StagePool(1)
    try:
        await pool.run(_pid_after, 0)  # the worker started
        pid, _ = await pool.share(_pid_after, 0)
        assert pid != os.getpid()  # nothing waiting: the worker takes it
        behind = [asyncio.ensure_future(pool.run(_pid_after, 0.3)) for _ in range(5)]
        await asyncio.sleep(0.3)  # this process idles while the worker is behind
        pid, cpu = await pool.share(_pid_after, 0)
        assert pid == os.getpid() and cpu >= 0
        await asyncio.gather(*behind)
        pid, _ = await pool.share(_pid_after, 0)
        assert pid != os.getpid()  # caught up: the worker again
    finally:
        pool.close()


_RAN_HERE: list[int] = []


def _note_here(n: int) -> int:
    _RAN_HERE.append(n)
    return n


async def test_a_shared_call_given_up_on_while_it_waits_never_runs() -> None:
    pool = StagePool(1)
    try:
        await pool.run(_pid_after, 0)
        behind = [asyncio.ensure_future(pool.run(_pid_after, 0.3)) for _ in range(3)]
        waiting = asyncio.ensure_future(pool.share(_note_here, 1))
        await asyncio.sleep(0)
        waiting.cancel()
        await asyncio.gather(*behind)
        await asyncio.sleep(0.05)
        assert _RAN_HERE == [] and waiting.cancelled()
        assert (await pool.share(_pid_and_square, 5))[0][1] == 25
    finally:
        pool.close()


async def test_a_shared_call_s_error_comes_back_wherever_it_ran() -> None:
    pool = StagePool(1)
    try:
        with pytest.raises(ValueError, match="no square for 4"):
            await pool.share(_refuse, 4)  # in the worker
        behind = [asyncio.ensure_future(pool.run(_pid_after, 0.3)) for _ in range(3)]
        await asyncio.sleep(0.3)
        with pytest.raises(ValueError, match="no square for 5"):
            await pool.share(_refuse, 5)  # here: the worker is behind, this process idle
        await asyncio.gather(*behind)
    finally:
        pool.close()


_LAUNCHER = """import sys
sys.path.insert(0, {where!r})
from {module} import {function}
if __name__ == "__main__":
    import asyncio, probe
    from newsdesk.stage_pool import StagePool
    pool = StagePool(1)
    print(asyncio.run(pool.run(probe.loaded)))
    pool.close()
"""


def test_a_worker_of_the_newsdesk_command_does_not_import_the_command_line(
    tmp_path: Path,
) -> None:
    """A spawned worker runs the parent's launcher again (as pip writes the `newsdesk`
    script, from the installed entry point): it must not pull in the CLI and the web app."""
    (entry,) = entry_points(group="console_scripts", name="newsdesk")
    module, function = entry.value.split(":")
    (tmp_path / "probe.py").write_text(
        "import sys\n\ndef loaded():\n"
        "    return [m for m in ('newsdesk.cli', 'fastapi') if m in sys.modules]\n")
    launcher = tmp_path / "newsdesk"
    launcher.write_text(_LAUNCHER.format(where=str(tmp_path), module=module, function=function))
    done = subprocess.run([sys.executable, str(launcher)], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"
