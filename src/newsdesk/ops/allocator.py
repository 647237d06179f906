"""The C allocator told to keep large blocks out of its heap, so that a long-running desk's
resident set follows what it uses.

glibc serves a request of 128 KiB or more with a mapping of its own, unmapped when freed,
but each time such a block is freed it raises that threshold to the block's size (up to
32 MiB). The story index frees a day's key arrays (a few MiB) every few dozen articles, so
soon every array below that size came from the heap, whose free space glibc seldom hands
back: 12 MiB free in the heap grew to 44-56 MiB over 100,000 articles in one process
(`bench/ingest/memory.py`, docs/ingest.md "Memory"). A fixed threshold stops the rise.

Python objects are not affected: they live in CPython's own 256 KiB arenas (mapped apart
already) or are small. Only glibc has the knob; elsewhere (musl, macOS) nothing is done, and
an operator's own ``MALLOC_MMAP_THRESHOLD_`` is left alone.

Smaller blocks still come from the heap, and glibc gives its free pages back only from the
heap's top: 10-11 MiB sat free in a runner's main process at 100,000 articles.
`give_back_free_pages` (``malloc_trim``) returns every whole free page, wherever it lies;
the pipeline calls it after a poll and a stage worker after a call, at most every
`TRIM_EVERY_S` (a trim takes ~0.5-8 ms).
"""

from __future__ import annotations

import ctypes
import os
import platform
import time
from collections.abc import Callable
from functools import cache

MMAP_THRESHOLD = 256 * 1024  # bytes: a block this large or larger gets a mapping of its own
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)
TRIM_EVERY_S = 10.0  # seconds between two trims of the heap (`give_back_free_pages`)
_trimmed_at = float("-inf")


def keep_large_blocks_apart() -> bool:
    """Fix glibc's mmap threshold at `MMAP_THRESHOLD` for this process; False when this is
    not glibc, or the environment sets the threshold already."""
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def give_back_free_pages(every_s: float = TRIM_EVERY_S) -> bool:
    """Return the heap's free pages to the system (glibc's ``malloc_trim``), unless this
    process did less than ``every_s`` seconds ago; True when it did now."""
    global _trimmed_at
    now = time.monotonic()
    trim = _malloc_trim()
    if trim is None or now - _trimmed_at < every_s:
        return False
    _trimmed_at = now
    trim(0)
    return True


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if platform.libc_ver()[0] != "glibc":
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = (ctypes.c_size_t,)
    trim.restype = ctypes.c_int
    return trim
