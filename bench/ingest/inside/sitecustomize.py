"""Time spent inside a benchmark's processes: garbage collection, and each SQL statement.

Put this directory first on ``PYTHONPATH`` and name an output directory, and every Python
process started from then on (the benchmark's spawned child and its stage workers too)
writes ``stats.<pid>.txt`` there when it exits: its collector's passes by generation (count,
CPU seconds) and, if it used a SQLite store, the CPU seconds and count of each statement
(its first 80 characters, placeholders folded) and of BEGIN + COMMIT::

    NEWSDESK_BENCH_INSIDE=/tmp/inside PYTHONPATH=bench/ingest/inside \\
        .venv/bin/python bench/ingest/run.py --quick --skip-latency --skip-baseline

Measurement only: it wraps the store's private transaction class, so it may need changing
when that changes. Round 14 of docs/ingest.md was measured with it.
"""

from __future__ import annotations

import os

if os.environ.get("NEWSDESK_BENCH_INSIDE"):
    from bench_inside_hook import install  # type: ignore[import-not-found]

    install(os.environ["NEWSDESK_BENCH_INSIDE"])
