"""Benchmark: text repair on real news paragraphs, per language, against wordninja and
wordsegment in the same run.

Run: .venv/bin/python bench/repair/run.py            (held-out split, then the tuning split)
     --split held-out|tuning   one split only
     --mirrors DIR             where the corpus snapshots are (default /work/.mirror)
     --sample N                damaged paragraphs per language and split (default 300)
     --no-baselines            newsdesk rows only
     --languages en,de         only these languages ("other": the languages pooled)
     --errors N                print up to N false edits per language (for tuning)
     --refresh                 read the snapshots again instead of the cached paragraphs

The table over generated text is ``bench/repair/generated.py``.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from bench.repair import baselines, realtext
from bench.repair.damage import ZWNJ, drop_or_double_letters, remove_spaces, strip_joiners
from bench.repair.scoring import CleanScore, Marks, names_split

from newsdesk.repair import Vocabulary, repair_text
from newsdesk.repair.viterbi import clear_cache

Repair = Callable[[str], str]
Paragraph = realtext.Paragraph
PROBABILITIES = (0.1, 0.5, 1.0)
LETTER_SHARE = 0.03  # words with a dropped or doubled letter
MIN_WORDS = 1000  # languages with fewer words in a split are pooled as "other"


@dataclass(slots=True)
class Row:
    clean: CleanScore = field(default_factory=CleanScore)
    spaces: dict[float, Marks] = field(default_factory=dict)
    names: dict[float, int] = field(default_factory=dict)
    joiners: Marks | None = None
    letters: tuple[int, int] = (0, 0)  # letter errors before and after repair
    clean_speed: float = 0.0  # per paragraph
    article_speed: float = 0.0  # per article (the paragraphs of one article together)
    damaged_speed: dict[float, float] = field(default_factory=dict)


def _seconds(method: Repair, texts: list[str]) -> float:
    clear_cache()  # cold: nothing cached by an earlier pass is reused
    started = time.process_time()  # one core's CPU time, whatever else the machine runs
    for text in texts:
        method(text)
    return max(time.process_time() - started, 1e-9)


def _speed(method: Repair, texts: list[str], repeat: int) -> float:
    return max(sum(map(len, texts)) / _seconds(method, texts) for _ in range(repeat))


def _errors(gold: str, text: str) -> int:
    matcher = difflib.SequenceMatcher(None, gold, text, autojunk=False)
    return sum(tag != "equal" for tag, *_ in matcher.get_opcodes())


def _measure(
    method: Repair, clean: list[Paragraph], sample: list[str], language: str, repeat: int
) -> Row:
    row = Row()
    texts = [p.text for p in clean]
    for gold in texts:
        row.clean.add(gold, method(gold))
    row.clean_speed = _speed(method, texts, repeat)
    by_article: dict[str, list[str]] = defaultdict(list)
    for paragraph in clean:
        by_article[f"{paragraph.source}:{paragraph.article}"].append(paragraph.text)
    row.article_speed = _speed(method, ["\n\n".join(p) for p in by_article.values()], repeat)
    for probability in PROBABILITIES:
        damaged = [remove_spaces(p, probability, seed=i) for i, p in enumerate(sample)]
        marks, names = Marks(), 0
        for gold, text in zip(sample, damaged, strict=True):
            got = method(text)
            marks.add(gold, got)
            names += len(names_split(gold, got))
        row.spaces[probability], row.names[probability] = marks, names
        row.damaged_speed[probability] = _speed(method, damaged, repeat)
    if language == "fa":
        row.joiners = Marks()
        for gold in sample:
            row.joiners.add(gold, method(strip_joiners(gold)), ZWNJ)
    before = after = 0
    for i, gold in enumerate(sample):
        hurt = drop_or_double_letters(gold, LETTER_SHARE, seed=i)
        before += _errors(gold, hurt)
        after += _errors(gold, method(hurt))
    row.letters = (before, after)
    return row


def _methods(language: str, vocabulary: Vocabulary | None, baseline: bool) -> dict[str, Repair]:
    methods: dict[str, Repair] = {"newsdesk": lambda text: repair_text(text).text}
    if vocabulary is not None:
        methods["newsdesk + learned words"] = lambda text: (
            repair_text(text, vocabulary=vocabulary).text
        )
    if baseline:
        methods["wordsegment"] = baselines.wordsegment_repair()
        name = "wordninja" if language == "en" else f"wordninja ({language} wordfreq list)"
        methods[name] = baselines.wordninja_repair(language, realtext.CACHE)
    return methods


def _by_language(paragraphs: list[Paragraph]) -> dict[str, list[Paragraph]]:
    groups: dict[str, list[Paragraph]] = defaultdict(list)
    for paragraph in paragraphs:
        groups[paragraph.language].append(paragraph)
    words = {code: sum(len(p.text.split()) for p in group) for code, group in groups.items()}
    pooled: dict[str, list[Paragraph]] = {"other": []}
    for language in sorted(groups, key=lambda code: -words[code]):
        if words[language] >= MIN_WORDS and language != "und":
            pooled[language] = groups[language]
        else:
            pooled["other"].extend(groups[language])
    return pooled


def _cells(row: Row) -> list[str]:
    spaces = [f"{m.precision:.3f} / {m.recall:.3f} / **{m.f1:.3f}**" for m in row.spaces.values()]
    speeds = " / ".join(f"{row.damaged_speed[p]:,.0f}" for p in PROBABILITIES)
    return [
        f"{row.clean.per_1000:.2f} ({len(row.clean.edits)})",
        *spaces,
        f"{len(row.clean.names)} / {sum(row.names.values())}",
        f"{row.letters[0]} → {row.letters[1]}",
        f"{row.clean_speed:,.0f} / {row.article_speed:,.0f}",
        speeds,
    ]


def _print_language(language: str, rows: dict[str, Row], clean: list[Paragraph], sample: int):
    words = sum(len(p.text.split()) for p in clean)
    articles = len({(p.source, p.article) for p in clean})
    print(
        f"#### {language}: {words:,} words, {len(clean):,} paragraphs of {articles:,} articles;"
        f" damaged: {sample} paragraphs\n"
    )
    print(
        "| method | false edits / 1k words (count) | P / R / F1, p=0.1 | P / R / F1, p=0.5 "
        "| P / R / F1, p=1.0 | names split: clean / damaged | letter errors before → after "
        "| chars/s clean: paragraphs / articles | chars/s damaged p=0.1 / 0.5 / 1.0 |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, row in rows.items():
        print(f"| {name} | " + " | ".join(_cells(row)) + " |")
    print()
    joiners = {name: row.joiners for name, row in rows.items() if row.joiners}
    if joiners:
        print("Zero-width non-joiners stripped:\n\n| method | P / R / F1 |\n|---|---|")
        for name, marks in joiners.items():
            print(f"| {name} | {marks.precision:.3f} / {marks.recall:.3f} / {marks.f1:.3f} |")
        print()


def _print_errors(language: str, rows: dict[str, Row], limit: int) -> None:
    row = rows.get("newsdesk")
    if not row or not limit:
        return
    for before, after in row.clean.edits[:limit]:
        print(f"    {language} false edit: {before!r} -> {after!r}")
    for name in row.clean.names[:limit]:
        print(f"    {language} name split: {name}")


def run_split(paragraphs: list[Paragraph], held_out: bool, args: argparse.Namespace) -> None:
    chosen = [p for p in paragraphs if p.held_out == held_out]
    vocabulary = None
    if held_out:  # a desk that has read the tuning split's articles before
        vocabulary = Vocabulary()
        for paragraph in paragraphs:
            if not paragraph.held_out:
                vocabulary.learn(paragraph.text)
    title = "Held-out split" if held_out else "Tuning split"
    print(f"### {title}\n")
    for language, clean in _by_language(chosen).items():
        if not clean or (args.languages and language not in args.languages):
            continue
        rng = random.Random(f"{language}:{held_out}")  # the same sample whatever else runs
        sample = [p.text for p in rng.sample(clean, min(args.sample, len(clean)))]
        code = "en" if language == "other" else language
        methods = _methods(code, vocabulary, not args.no_baselines and language != "other")
        rows = {
            name: _measure(method, clean, sample, code, 1 if "word" in name else args.repeat)
            for name, method in methods.items()
        }
        _print_language(language, rows, clean, len(sample))
        _print_errors(language, rows, args.errors)
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("held-out", "tuning", "both"), default="both")
    parser.add_argument("--mirrors", type=Path, default=realtext.MIRRORS)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2, help="time newsdesk N times, keep best")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--languages", type=lambda v: v.split(","), help="e.g. en,de,fa")
    args = parser.parse_args()
    paragraphs = realtext.load(args.mirrors, refresh=args.refresh)
    repair_text("The desk warms up its word tables.")
    if args.split in ("held-out", "both"):
        run_split(paragraphs, True, args)
    if args.split in ("tuning", "both"):
        run_split(paragraphs, False, args)


if __name__ == "__main__":
    main()
