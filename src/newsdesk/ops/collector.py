"""Python's cyclic garbage collector told to run less often in a long-running desk.

By default a young-generation collection runs every 700 net allocations of container
objects, and every tenth of those sweeps the older generations, and now and then the whole
heap. An ingesting desk allocates many short-lived objects (parse trees, word counts, rows)
beside a large, long-lived heap (the learned vocabulary, the story index): over a cycle of
2,000 invented articles the main process spent 0.8 s of its ~18 s of CPU collecting, six
full collections of ~55 ms among them (`bench/ingest/run.py --quick`, docs/ingest.md round
14). With the young threshold at `YOUNG_THRESHOLD`, most of those objects are freed by
their reference counts before a collection sees them: 0.2 s, no full collection in the
cycle, ~3 MiB more at the peak. Cycles are still collected, later.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 20_000  # container allocations (net) between young collections; default 700


def collect_less_often() -> None:
    """Raise the young generation's threshold to `YOUNG_THRESHOLD` (the older generations'
    are left as they are); never lowers a threshold set higher already."""
    young, *older = gc.get_threshold()
    if young < YOUNG_THRESHOLD:
        gc.set_threshold(YOUNG_THRESHOLD, *older)
