"""Extraction on real public pages: newsdesk against plain trafilatura, side by side.

    .venv/bin/python bench/extraction/prepare.py          # once: snapshots -> ~/.cache/...
    .venv/bin/python bench/extraction/run.py [--repeat N] [--sets fundus readability]
                                             [--worst N] [--data DIR]

Per set (and per split: ``tune``, the pages looked at while tuning, ``held-out``, never
looked at): body precision/recall/F1 on word 4-gram shingles, ROUGE-LSum F1 (fundus, as
its paper reports), title/author/date accuracy where the set has them, and pages per second
per second of CPU time on one core. Every extractor runs in this one process over the same
pages, taking turns page by page.
The invented-page table is ``bench/extraction/invented.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extractors import BASELINE, EXTRACTORS, Extractor, Result
from metrics import precision_recall_f1, rouge_lsum, shingle_counts, tokens
from prepare import DEFAULT_OUT

ROUGE_SETS = frozenset({"fundus"})
_EMPTY: Result = {"body": "", "title": None, "authors": [], "date": None}


def load(data: Path, name: str) -> list[dict]:
    path = data / f"{name}.jsonl"
    if not path.exists():
        sys.exit(f"{path} is missing: run bench/extraction/prepare.py first")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def run_all(run: Extractor, pages: list[dict]) -> tuple[list[Result], int]:
    results, errors = [], 0
    for page in pages:
        try:
            results.append(run(page["html"], page["url"]))
        except Exception as exc:  # a crash is a result too: an empty page, counted
            print(f"  {page['id']}: {type(exc).__name__}: {exc}", file=sys.stderr)
            results.append(_EMPTY)
            errors += 1
    return results, errors


def pages_per_second(runs: dict[str, Extractor], pages: list[dict], repeat: int
                     ) -> dict[str, float]:
    """Pages per second of this process's CPU time (one core): the time other work on a
    shared machine takes is not counted. Extractors take turns page by page, in rotating
    order, so caches and load changes fall on all alike."""
    spent = dict.fromkeys(runs, 0.0)
    names = list(runs)
    for turn in range(repeat):
        for index, page in enumerate(pages):
            shift = (index + turn) % len(names)
            for name in names[shift:] + names[:shift]:
                start = time.process_time()
                with contextlib.suppress(Exception):  # counted as a crash in the quality pass
                    runs[name](page["html"], page["url"])
                spent[name] += time.process_time() - start
    return {name: len(pages) * repeat / max(seconds, 1e-9) for name, seconds in spent.items()}


def _same_title(found: object, gold: str) -> bool:
    return bool(found) and tokens(str(found)) == tokens(gold)


def _name_words(names: object) -> list[str]:
    joined = " ".join(names if isinstance(names, list) else [str(names or "")])
    return sorted(w for w in tokens(joined) if w not in {"by", "and", "und", "von", "et"})


def _same_authors(found: object, gold: list[str]) -> bool:
    return bool(found) and _name_words(found) == _name_words(gold)


def _same_day(found: object, gold: str) -> bool:
    return bool(found) and str(found)[:10] == gold[:10]


FIELDS: dict[str, Callable[[object, object], bool]] = {
    "title": _same_title, "authors": _same_authors, "date": _same_day,  # type: ignore[dict-item]
}


def score(pages: list[dict], results: list[Result], set_name: str) -> dict[str, float | None]:
    counts = [shingle_counts(str(r["body"]), p["gold"]["body"]) for p, r in zip(pages, results,
                                                                                strict=True)]
    precision, recall, f1 = precision_recall_f1(counts)
    scores: dict[str, float | None] = {"P": precision, "R": recall, "F1": f1, "ROUGE-LSum": None}
    if set_name in ROUGE_SETS:
        rouge = [rouge_lsum(str(r["body"]), p["gold"]["body"])[2]
                 for p, r in zip(pages, results, strict=True)]
        scores["ROUGE-LSum"] = sum(rouge) / len(rouge)
    for field, same in FIELDS.items():
        judged = [(r.get(field), p["gold"][field]) for p, r in zip(pages, results, strict=True)
                  if p["gold"].get(field) and field in r]  # text-only extractors give none
        scores[field] = sum(same(f, g) for f, g in judged) / len(judged) if judged else None
    return scores


def _cell(value: float | None, scale: float = 1.0) -> str:
    return "—" if value is None else f"{value * scale:.3f}" if scale == 1 else f"{value:.1f}"


def table(set_name: str, pages: list[dict], results: dict[str, list[Result]],
          speed: dict[str, float], errors: dict[str, int]) -> list[str]:
    lines = []
    for split in ("all", "held-out"):
        chosen = [i for i, p in enumerate(pages) if split == "all" or p["split"] == split]
        subset = [pages[i] for i in chosen]
        for name, found in results.items():
            s = score(subset, [found[i] for i in chosen], set_name)
            rouge = "—" if s["ROUGE-LSum"] is None else f"{100 * s['ROUGE-LSum']:.1f}"
            rate = f"{speed[name]:.1f}" if split == "all" else ""
            lines.append(
                f"| {set_name} | {split} ({len(subset)}) | {name} | {_cell(s['P'])} | "
                f"{_cell(s['R'])} | **{_cell(s['F1'])}** | {rouge} | {_cell(s['title'])} | "
                f"{_cell(s['authors'])} | {_cell(s['date'])} | {rate} | "
                f"{errors[name] if split == 'all' else ''} |")
    return lines


def worst(pages: list[dict], ours: list[Result], theirs: list[Result], count: int) -> None:
    rows = []
    for page, mine, base in zip(pages, ours, theirs, strict=True):
        if page["split"] != "tune":
            continue  # held-out pages are not looked at
        f1_mine = precision_recall_f1([shingle_counts(str(mine["body"]), page["gold"]["body"])])
        f1_base = precision_recall_f1([shingle_counts(str(base["body"]), page["gold"]["body"])])
        rows.append((f1_mine[2] - f1_base[2], page["id"], f1_mine, f1_base[2]))
    for delta, page_id, (p, r, f1), base in sorted(rows)[:count]:
        print(f"  {page_id}: newsdesk P {p:.2f} R {r:.2f} F1 {f1:.2f}; "
              f"{BASELINE} {base:.2f} ({delta:+.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--sets", nargs="+", default=["fundus", "readability"])
    parser.add_argument("--repeat", type=int, default=1, help="timed passes over every page")
    parser.add_argument("--only", nargs="+", choices=list(EXTRACTORS), default=list(EXTRACTORS))
    parser.add_argument("--worst", type=int, default=0,
                        help="list the N tune pages where newsdesk trails the baseline most")
    args = parser.parse_args()
    runs = {name: EXTRACTORS[name] for name in args.only}
    print("| set | split (pages) | extractor | P | R | F1 | ROUGE-LSum | title | author | date "
          "| pages/s | crashes |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for set_name in args.sets:
        pages = load(args.data, set_name)
        outcome = {name: run_all(run, pages) for name, run in runs.items()}  # also a warm-up
        speed = pages_per_second(runs, pages, args.repeat)
        results = {name: found for name, (found, _) in outcome.items()}
        errors = {name: count for name, (_, count) in outcome.items()}
        print("\n".join(table(set_name, pages, results, speed, errors)), flush=True)
        if args.worst and "newsdesk" in results and BASELINE in results:
            worst(pages, results["newsdesk"], results[BASELINE], args.worst)


if __name__ == "__main__":
    main()
