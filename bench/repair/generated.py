"""Benchmark (second table): space repair on damaged invented news, against wordninja and
wordsegment. The headline is the real-text run, bench/repair/run.py.

Run: .venv/bin/python bench/repair/generated.py   (prints Markdown tables)
     --tune          score the tuning split (seed 11) instead of the test split (seed 7)
     --no-baselines  newsdesk rows only (the baselines take minutes)
     --repeat N      time each method N times and keep the fastest (default 3)
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from bench.repair.corpus import build, damage

from newsdesk.repair import Vocabulary, repair_text
from newsdesk.repair.viterbi import clear_cache

Repair = Callable[[str], str]
_PROBABILITIES = (0.0, 0.1, 0.5, 1.0)


def _per_token(split: Callable[[str], list[str]]) -> Repair:
    """Apply a word splitter to each whitespace-delimited run's letter stretches, rejoining."""
    letters = re.compile(r"[A-Za-z]+")

    def fix_run(run: str) -> str:
        return letters.sub(lambda m: " ".join(split(m.group())) or m.group(), run)

    return lambda text: " ".join(fix_run(run) for run in text.split(" "))


def _baselines() -> dict[str, Repair]:
    import wordninja
    import wordsegment

    wordsegment.load()

    def segment(word: str) -> list[str]:
        # wordsegment lower-cases; put the original letters back piece by piece.
        pieces, position = [], 0
        for piece in wordsegment.segment(word):
            pieces.append(word[position : position + len(piece)])
            position += len(piece)
        return pieces if position == len(word) else [word]

    return {"wordninja": _per_token(wordninja.split), "wordsegment": _per_token(segment)}


def _space_positions(text: str) -> tuple[str, set[int]]:
    """Letters-only skeleton and the skeleton offsets that have a space before them."""
    skeleton, spaces = [], set()
    for char in text:
        if char == " ":
            spaces.add(len(skeleton))
        else:
            skeleton.append(char)
    return "".join(skeleton), spaces


def _score(gold: list[str], output: list[str], words: int) -> dict:
    hits = found = wanted = exact = 0
    for good, got in zip(gold, output, strict=True):
        good_skeleton, good_spaces = _space_positions(good)
        got_skeleton, got_spaces = _space_positions(got)
        if got_skeleton != good_skeleton:
            got_spaces = set()  # the method changed letters: count no spaces as right
        hits += len(good_spaces & got_spaces)
        found += len(got_spaces)
        wanted += len(good_spaces)
        exact += good == got
    precision = hits / found if found else 1.0
    recall = hits / wanted if wanted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "exact": exact / len(gold),
        "false_per_1000": (found - hits) * 1000 / words,
    }


def _methods(train: list[str], baselines: bool) -> dict[str, Repair]:
    vocabulary = Vocabulary()
    for paragraph in train:
        vocabulary.learn(paragraph)
    methods: dict[str, Repair] = {
        "newsdesk": lambda text: repair_text(text, vocabulary=vocabulary).text,
        "newsdesk (no vocabulary)": lambda text: repair_text(text).text,
    }
    if baselines:
        methods.update(_baselines())
    return methods


def _seconds(method: Repair, texts: list[str]) -> float:
    clear_cache()  # time cold runs: no split cached by an earlier pass is reused
    # CPU time of this process: one core's throughput, whatever else the machine is running.
    started = time.process_time()
    for text in texts:
        method(text)
    return time.process_time() - started


def _table(methods: dict[str, Repair], test: list[str], probability: float, repeat: int) -> None:
    words = sum(len(p.split()) for p in test)
    damaged = [damage(p, probability, seed=i) for i, p in enumerate(test)]
    chars = sum(map(len, damaged))
    print(f"#### Spaces deleted with probability {probability}\n")
    print(
        "| method | precision | recall | F1 | exact paragraphs | false edits / 1k words | chars/s |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, method in methods.items():
        output = [method(p) for p in damaged]
        row = _score(test, output, words)
        # The baselines are slow and have no cache; they are timed once.
        times = 1 if "word" in name else repeat
        speed = max(chars / _seconds(method, damaged) for _ in range(times))
        print(
            f"| {name} | {row['precision']:.4f} | {row['recall']:.4f} | {row['f1']:.4f} "
            f"| {row['exact']:.3f} | {row['false_per_1000']:.2f} | {speed:,.0f} |"
        )
    print()


def _long_article(method: Repair, test: list[str], repeat: int) -> None:
    article = "\n\n".join(test)
    assert method(article) == article, "the clean article changed"
    speed = max(len(article) / _seconds(method, [article]) for _ in range(repeat))
    print(f"Clean article of {len(test)} paragraphs as one text ({len(article):,} chars): ")
    print(f"{speed:,.0f} chars/s, unchanged.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    train, test = build(seed=11 if args.tune else 7)
    methods = _methods(train, baselines=not args.no_baselines)
    repair_text("warm up the word tables")
    split = "tuning" if args.tune else "test"
    words = sum(len(p.split()) for p in test)
    print(f"{len(test)} {split} paragraphs, {words} words; vocabulary from {len(train)} others.\n")
    for probability in _PROBABILITIES:
        _table(methods, test, probability, args.repeat)
    _long_article(methods["newsdesk"], test, args.repeat)


if __name__ == "__main__":
    main()
