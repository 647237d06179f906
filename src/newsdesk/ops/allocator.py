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
"""

from __future__ import annotations

import ctypes
import os
import platform

MMAP_THRESHOLD = 256 * 1024  # bytes: a block this large or larger gets a mapping of its own
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)


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
