"""The hook `sitecustomize` installs when ``NEWSDESK_BENCH_INSIDE`` names a directory."""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_collections: dict[int, list[float]] = {0: [0, 0.0], 1: [0, 0.0], 2: [0, 0.0]}
_statements: defaultdict[str, list[float]] = defaultdict(lambda: [0, 0.0])
_started: dict[int, float] = {}
_PLACEHOLDERS = re.compile(r"\?(, \?)+")


def install(directory: str) -> None:
    gc.callbacks.append(_collected)
    _time_sqlite()
    atexit.register(_write, Path(directory))


def _collected(phase: str, info: dict[str, Any]) -> None:
    generation = info["generation"]
    if phase == "start":
        _started[generation] = time.thread_time()
        return
    _collections[generation][0] += 1
    _collections[generation][1] += time.thread_time() - _started.pop(generation, time.thread_time())


def _count(key: str, seconds: float) -> None:
    _statements[key][0] += 1
    _statements[key][1] += seconds


def _time_sqlite() -> None:
    try:
        from newsdesk.store import sqlite
    except ImportError:  # a process of another Python: only its collector is timed
        return

    for name in ("run", "rows", "row", "run_many"):
        setattr(sqlite._SQLiteTx, name, _timed(name, getattr(sqlite._SQLiteTx, name)))
    transaction = sqlite.SQLiteStore.transaction.__wrapped__  # type: ignore[attr-defined]

    @contextlib.contextmanager
    def timed_transaction(store: Any) -> Iterator[Any]:
        outer = not store._connection().in_transaction
        steps = transaction(store)
        started = time.thread_time()
        tx = next(steps)
        spent = time.thread_time() - started
        try:
            yield tx
        except BaseException as exc:
            with contextlib.suppress(StopIteration):
                steps.throw(exc)
            raise
        started = time.thread_time()
        with contextlib.suppress(StopIteration):
            next(steps)
        if outer:
            _count("BEGIN + COMMIT", spent + time.thread_time() - started)

    sqlite.SQLiteStore.transaction = timed_transaction  # type: ignore[method-assign]


def _timed(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    def timed(self: Any, sql: str, *args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return method(self, sql, *args, **kwargs)
        finally:
            key = _PLACEHOLDERS.sub("?..", " ".join(sql.split())[:80])
            _count(f"{name} {key}", time.thread_time() - started)

    return timed


def _write(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    lines = ["garbage collection (generation: passes, CPU s): "
             + ", ".join(f"{g}: {int(n)}, {s:.3f}" for g, (n, s) in _collections.items())]
    total = sum(seconds for _, seconds in _statements.values())
    lines.append(f"SQL: {total:.2f} s of CPU")
    for key, (count, seconds) in sorted(_statements.items(), key=lambda kv: -kv[1][1])[:40]:
        lines.append(f"{seconds:8.3f} s {int(count):8d}  {key}")
    (directory / f"stats.{os.getpid()}.txt").write_text("\n".join(lines) + "\n")
