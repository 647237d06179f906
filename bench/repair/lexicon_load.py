"""How long a process takes to get a language's word list and the language model, and what
it holds after: built from wordfreq's and py3langid's packaged data, against read back from
the cache.

    .venv/bin/python bench/repair/lexicon_load.py [en de ar fa ...]

Each figure is a fresh process (so nothing is warm): CPU seconds, and the resident set it
gained (after a garbage collection; the list or model held, whatever it read to get there
freed). The cache is a temporary directory, written by the first ("build") process of each
language; "read" is the best of three.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

_PROBE = """
import gc, sys, time
import numpy, wordfreq  # imported before timing: every process has them already
def rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
what = sys.argv[1]
gc.collect()
before = rss()
started = time.process_time()
if what == "model":
    from newsdesk.repair.language import identify
    identify("The harbour authority said on Tuesday that the ferry line would open.")
else:
    from newsdesk.repair.lexicon import lexicon
    held = lexicon(what)  # kept while the resident set is read
took = time.process_time() - started
gc.collect()
print(took, (rss() - before) / 1024)
"""


def _measured(what: str, cache: str) -> tuple[float, float]:
    """CPU seconds and MiB gained by a fresh process getting ``what``."""
    done = subprocess.run([sys.executable, "-c", _PROBE, what], capture_output=True,
                          text=True, check=True, env={**os.environ, "XDG_CACHE_HOME": cache})
    seconds, mib = done.stdout.split()
    return float(seconds), float(mib)


def main() -> None:
    names = sys.argv[1:] or ["en", "de", "ar", "fa"]
    print("| what | built (no cache) | read from the cache | resident set gained, read |")
    print("|---|---:|---:|---:|")
    for what in ["model", *names]:
        with tempfile.TemporaryDirectory() as cache:
            built, _ = _measured(what, cache)  # also writes the cache
            read, mib = min(_measured(what, cache) for _ in range(3))
        label = "language model" if what == "model" else f"word list: {what}"
        print(f"| {label} | {built:.2f} s | {read:.2f} s | {mib:.1f} MiB |")


if __name__ == "__main__":
    main()
