"""Extraction on the invented pages: newsdesk.extract against plain trafilatura.

    .venv/bin/python bench/extraction/invented.py [--repeat N] [--cases]

Prints a Markdown table: token precision/recall/F1 of the body text, exact-match rates
of title, publisher and original_source, and pages per second. Gold files are written
by generate.py.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from newsdesk.extract import extract_article  # noqa: E402

_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.casefold()))


def _prf(found: str, gold: str) -> tuple[float, float, float]:
    got, want = _tokens(found), _tokens(gold)
    overlap = sum((got & want).values())
    precision = overlap / max(sum(got.values()), 1)
    recall = overlap / max(sum(want.values()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _load() -> list[tuple[str, str, dict]]:
    cases = []
    for gold_path in sorted((HERE / "gold").glob("*.json")):
        html = (HERE / "pages" / f"{gold_path.stem}.html").read_text("utf-8")
        cases.append((gold_path.stem, html, json.loads(gold_path.read_text("utf-8"))))
    return cases


def _newsdesk(html: str, gold: dict) -> dict:
    article = extract_article(html, gold["url"])
    source = article.original_source.name if article.original_source else None
    return {"text": article.text, "title": article.title, "publisher": article.publisher,
            "original_source": source}


def _plain(html: str, gold: dict) -> dict:
    return {"text": trafilatura.extract(html) or ""}


def _plain_metadata(html: str, gold: dict) -> dict:
    meta = trafilatura.extract_metadata(html, default_url=gold["url"])
    return {"title": meta.title if meta else None, "publisher": meta.sitename if meta else None}


def _timed(extractors: list[Callable[[str, dict], dict]], cases: list, repeat: int
           ) -> list[tuple[list, float]]:
    """Results and pages per CPU-second (one core) per extractor; passes alternate."""
    results = [[run(html, gold) for _, html, gold in cases] for run in extractors]  # warm-up
    elapsed = [0.0] * len(extractors)
    for _ in range(repeat):
        for index, run in enumerate(extractors):
            start = time.process_time()
            for _, html, gold in cases:
                run(html, gold)
            elapsed[index] += time.process_time() - start
    return [(result, len(cases) * repeat / spent) for result, spent in zip(results, elapsed,
                                                                            strict=True)]


def _row(name: str, cases: list, results: list, rate: float, fields: list[str]) -> str:
    scores = [_prf(r["text"], g["text"]) for r, (_, _, g) in zip(results, cases, strict=True)]
    cells = [name] + [f"{sum(s[i] for s in scores) / len(scores):.3f}" for i in range(3)]
    for field in ("title", "publisher", "original_source"):
        if field not in fields:
            cells.append("—")
            continue
        hits = sum(r.get(field) == g[field] for r, (_, _, g) in zip(results, cases, strict=True))
        cells.append(f"{hits / len(cases):.2f}")
    cells.append(f"{rate:.0f}")
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over all pages")
    parser.add_argument("--cases", action="store_true", help="also print per-case F1")
    args = parser.parse_args()
    cases = _load()
    (ours, our_rate), (plain, plain_rate) = _timed([_newsdesk, _plain], cases, args.repeat)
    for result, (_, html, gold) in zip(plain, cases, strict=True):
        result.update(_plain_metadata(html, gold))
    print(f"{len(cases)} pages, {args.repeat} timed passes\n")
    print("| extractor | precision | recall | F1 | title | publisher | original_source | pages/s |")
    print("|---|---|---|---|---|---|---|---|")
    all_fields = ["title", "publisher", "original_source"]
    print(_row("newsdesk.extract", cases, ours, our_rate, all_fields))
    print(_row("trafilatura.extract (plain)", cases, plain, plain_rate, ["title", "publisher"]))
    if args.cases:
        print("\n| case | newsdesk F1 | plain F1 | source ok |\n|---|---|---|---|")
        for (case, _, gold), mine, theirs in zip(cases, ours, plain, strict=True):
            ok = "yes" if mine["original_source"] == gold["original_source"] else "NO"
            print(f"| {case} | {_prf(mine['text'], gold['text'])[2]:.3f} | "
                  f"{_prf(theirs['text'], gold['text'])[2]:.3f} | {ok} |")


if __name__ == "__main__":
    main()
