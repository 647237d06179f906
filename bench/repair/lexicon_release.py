"""Memory given back when word lists go unused: the real-pages corpus repaired as a stage
worker repairs it (every language met loads its list), then English-language pages only for
longer than ``repair.lexicon.IDLE_S``, after which the lists they do not need are let go.

    .venv/bin/python bench/repair/lexicon_release.py [--fundus GIT_DIR] [--readability GIT_DIR]

The clock is advanced by hand (no waiting). Prints the resident set after each step, the
languages held, and what repairing every page again costs once the lists must be read back
from the cache. Needs the corpora's git mirrors (see bench/ingest/run.py).
"""

from __future__ import annotations

import argparse
import gc
import gzip
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.ingest.real_corpus import load
from bench.ingest.run import FUNDUS_MIRROR, READABILITY_MIRROR

from newsdesk import extract, repair
from newsdesk.records import Article
from newsdesk.repair import lexicon as lexicons


def main() -> None:
    args = _arguments()
    outlets, missing = load(Path(args.fundus), Path(args.readability), 40)
    if missing:
        sys.exit("\n".join(missing))
    pages = [extract.extract_article(gzip.decompress(page.body).decode("utf-8", "replace"),
                                     f"https://outlet{n}.example/{page.slug}")
             for n, outlet in enumerate(outlets) for page in outlet.pages]
    english = [page for page in pages if (page.language or "").startswith("en")]
    now = [time.monotonic()]
    lexicons._clock = lambda: now[0]  # the bench's own clock: no waiting

    rows = [("extracted, nothing repaired yet", _rss(), lexicons.held_lexicons(), None)]
    seconds = _repair_all(pages)
    rows.append((f"all {len(pages)} pages repaired", _rss(), lexicons.held_lexicons(), seconds))
    for _ in range(3):  # English only, for longer than IDLE_S
        now[0] += lexicons.IDLE_S / 2
        _repair_all(english)
    rows.append((f"{lexicons.IDLE_S * 1.5 / 60:.0f} min of English only", _rss(),
                 lexicons.held_lexicons(), None))
    seconds = _repair_all(pages)
    rows.append(("all pages again (lists read back)", _rss(), lexicons.held_lexicons(), seconds))
    print(f"{len(pages)} real pages ({len(english)} English), Python {sys.version.split()[0]}\n")
    print("| step | resident set | word lists held | repair CPU |")
    print("|---|---:|---|---:|")
    for step, rss, held, cpu in rows:
        print(f"| {step} | {rss:.0f} MiB | {len(held)}: {' '.join(held)} |"
              f" {'' if cpu is None else f'{cpu:.1f} s'} |")


def _repair_all(pages: list[Article]) -> float:
    started = time.process_time()
    for page in pages:
        repair.repair_article(page)
    return time.process_time() - started


def _rss() -> float:
    gc.collect()
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fundus", default=FUNDUS_MIRROR, metavar="GIT_DIR")
    parser.add_argument("--readability", default=READABILITY_MIRROR, metavar="GIT_DIR")
    return parser.parse_args()


if __name__ == "__main__":
    main()
