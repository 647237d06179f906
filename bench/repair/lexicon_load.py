"""How long a process takes to get a language's word list and the language model: built
from wordfreq's and py3langid's packaged data, against read back from the cache.

    .venv/bin/python bench/repair/lexicon_load.py [en de ar fa ...]

Each figure is a fresh process (so nothing is warm), CPU seconds; the cache is a temporary
directory, written by the first ("build") process of each language.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

_PROBE = """
import sys, time
import numpy, wordfreq  # imported before timing: every process has them already
what = sys.argv[1]
started = time.process_time()
if what == "model":
    from newsdesk.repair.language import identify
    identify("The harbour authority said on Tuesday that the ferry line would open.")
else:
    from newsdesk.repair.lexicon import lexicon
    lexicon(what)
print(time.process_time() - started)
"""


def _seconds(what: str, cache: str) -> float:
    done = subprocess.run([sys.executable, "-c", _PROBE, what], capture_output=True,
                          text=True, check=True, env={**os.environ, "XDG_CACHE_HOME": cache})
    return float(done.stdout)


def main() -> None:
    names = sys.argv[1:] or ["en", "de", "ar", "fa"]
    print("| what | built (no cache) | read from the cache |")
    print("|---|---:|---:|")
    for what in ["model", *names]:
        with tempfile.TemporaryDirectory() as cache:
            built = _seconds(what, cache)  # also writes the cache
            read = min(_seconds(what, cache) for _ in range(3))
        label = "language model" if what == "model" else f"word list: {what}"
        print(f"| {label} | {built:.2f} s | {read:.2f} s |")


if __name__ == "__main__":
    main()
