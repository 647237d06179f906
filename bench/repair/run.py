"""Benchmark: space repair on damaged invented news, against wordninja and wordsegment.

Run: .venv/bin/python bench/repair/run.py   (prints Markdown tables)
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from bench.repair.corpus import build, damage

from newsdesk.repair import Vocabulary, repair_text

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


def _score(gold: list[str], output: list[str], words: int, seconds: float, chars: int) -> dict:
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
        "chars_per_s": chars / seconds,
    }


def _methods(train: list[str]) -> dict[str, Repair]:
    vocabulary = Vocabulary()
    for paragraph in train:
        vocabulary.learn(paragraph)
    methods: dict[str, Repair] = {
        "newsdesk": lambda text: repair_text(text, vocabulary=vocabulary).text,
        "newsdesk (no vocabulary)": lambda text: repair_text(text).text,
    }
    methods.update(_baselines())
    return methods


def main() -> None:
    train, test = build()
    words = sum(len(p.split()) for p in test)
    methods = _methods(train)
    repair_text("warm up the word tables")
    print(f"{len(test)} test paragraphs, {words} words; vocabulary from {len(train)} others.\n")
    for probability in _PROBABILITIES:
        damaged = [damage(p, probability, seed=i) for i, p in enumerate(test)]
        chars = sum(map(len, damaged))
        print(f"### Spaces deleted with probability {probability}\n")
        print(
            "| method | precision | recall | F1 | exact paragraphs | false edits / 1k words "
            "| chars/s |"
        )
        print("|---|---|---|---|---|---|---|")
        for name, method in methods.items():
            started = time.perf_counter()
            output = [method(p) for p in damaged]
            row = _score(test, output, words, time.perf_counter() - started, chars)
            print(
                f"| {name} | {row['precision']:.4f} | {row['recall']:.4f} | {row['f1']:.4f} "
                f"| {row['exact']:.3f} | {row['false_per_1000']:.2f} "
                f"| {row['chars_per_s']:,.0f} |"
            )
        print()


if __name__ == "__main__":
    main()
