"""The C allocator's large blocks: given back when freed, not left in the heap."""

from __future__ import annotations

import ctypes
import os
import platform
import subprocess
import sys

import pytest

from newsdesk.ops.allocator import keep_large_blocks_apart

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's knob")

# Frees one 8 MiB block (glibc then serves blocks up to 8 MiB from its heap unless told
# otherwise), then takes sixteen 1 MiB blocks and frees all but the last: prints the bytes
# the heap holds free afterwards.
_FREED_BELOW_THE_LAST = """
import ctypes, sys
from newsdesk.ops.allocator import keep_large_blocks_apart
if sys.argv[1] == "apart":
    assert keep_large_blocks_apart()
class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks",
                "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
mallinfo2 = ctypes.CDLL(None).mallinfo2
mallinfo2.restype = Info
big = bytearray(8 << 20)
del big
blocks = [bytearray(1 << 20) for _ in range(16)]
del blocks[:-1]
print(mallinfo2().fordblks)
"""


def _heap_free_after(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_MMAP_THRESHOLD_"}
    done = subprocess.run([sys.executable, "-c", _FREED_BELOW_THE_LAST, mode], env=env,
                          capture_output=True, text=True, check=True, timeout=60)
    return int(done.stdout)


def test_freed_large_blocks_leave_the_heap() -> None:
    if not hasattr(ctypes.CDLL(None), "mallinfo2"):  # glibc 2.33 or newer
        pytest.skip("no mallinfo2 to read the heap with")
    assert _heap_free_after("default") > 10 << 20  # what the knob is for
    assert _heap_free_after("apart") < 2 << 20


def test_an_operators_own_threshold_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "65536")
    assert keep_large_blocks_apart() is False
