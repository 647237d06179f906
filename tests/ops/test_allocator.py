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


# Takes 3,000 blocks of 1-100 KiB from the heap (under the mmap threshold) and frees every
# other one: prints how much the resident set shrank (after `give_back_free_pages` with
# "trim"), whether it trimmed, and whether a second call at once trimmed again.
_FREED_IN_THE_MIDDLE = """
import random, sys
from newsdesk.ops.allocator import give_back_free_pages, keep_large_blocks_apart
keep_large_blocks_apart()
random.seed(5)
blocks = [bytearray(random.randint(1 << 10, 100 << 10)) for _ in range(3000)]
del blocks[::2]
statm = lambda: int(open("/proc/self/statm").read().split()[1]) * 4096
before = statm()
trimmed = sys.argv[1] == "trim" and give_back_free_pages()
print(before - statm(), trimmed, give_back_free_pages())
"""


def test_free_pages_in_the_middle_of_the_heap_are_given_back() -> None:
    kept = subprocess.run([sys.executable, "-c", _FREED_IN_THE_MIDDLE, "keep"],
                          capture_output=True, text=True, check=True, timeout=60).stdout.split()
    given = subprocess.run([sys.executable, "-c", _FREED_IN_THE_MIDDLE, "trim"],
                           capture_output=True, text=True, check=True, timeout=60).stdout.split()
    assert int(kept[0]) < 1 << 20  # free pages stay resident on their own
    assert int(given[0]) > 40 << 20  # ~75 MiB freed; most of it leaves the resident set
    assert given[1:] == ["True", "False"]  # and not again within TRIM_EVERY_S
