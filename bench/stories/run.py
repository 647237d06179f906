"""Benchmark newsdesk.stories: grouping quality on real copies, then on a generated corpus,
and speed at 100,000 articles.

    .venv/bin/python bench/stories/run.py [--quick] [--fundus PATH] [--readability PATH]
                                          [--also REF]

Prints Markdown tables: first the real-copy run (real articles from the fundus and readability
snapshots, republished as republishers do; newsdesk beside a datasketch MinHash-LSH baseline,
see real.py); then copies, rewrites and hard negatives of the generated corpus; then
throughput, milliseconds per assign at the last thousand articles, and index memory.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import real
import real_corpus
from corpus import LabelledArticle, generate
from scoring import bcubed, pairwise

from newsdesk.records import Relation
from newsdesk.stories import StoryCandidate, StoryIndex


def candidate_of(article: LabelledArticle) -> StoryCandidate:
    return StoryCandidate(
        article_id=article.article_id,
        title=article.title,
        summary="",
        text=article.text,
        published=article.published,
        publisher=article.publisher,
        url=f"https://bench.test/{article.article_id}",
        original_source=None,
    )


def quality(stories: int) -> None:
    articles = sorted(generate(stories, seed=4242), key=lambda a: (a.published, a.article_id))
    predicted, relation = real.place_all(StoryIndex(), [candidate_of(a) for a in articles])
    truth = {a.article_id: a.story for a in articles}
    kinds = Counter(a.kind for a in articles)
    print(f"Corpus: {stories} stories, {len(articles)} articles ({dict(kinds)}).\n")
    print("| subset | articles | pairwise P | pairwise R | pairwise F1 | B³ P | B³ R | B³ F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, wanted in (
        ("originals + copies", {"original", "copy"}),
        ("originals + rewrites", {"original", "rewrite"}),
        ("all", {"original", "copy", "rewrite"}),
    ):
        items = [a.article_id for a in articles if a.kind in wanted]
        pw, b3 = pairwise(truth, predicted, items), bcubed(truth, predicted, items)
        cells = " | ".join(f"{v:.3f}" for v in (*pw, *b3))
        print(f"| {name} | {len(items)} | {cells} |")
    print()
    hard_negatives(articles, predicted)
    relations(articles, predicted, relation)


def hard_negatives(articles: list[LabelledArticle], predicted: dict[int, int]) -> None:
    by_cluster: dict[int, list[LabelledArticle]] = defaultdict(list)
    for article in articles:
        by_cluster[article.cluster].append(article)
    together = same = wrong_stories = sibling_pairs = 0
    for members in by_cluster.values():
        stories = {a.story for a in members}
        sibling_pairs += len(stories) * (len(stories) - 1) // 2
        merged = set()
        for a, b in itertools.combinations(members, 2):
            if predicted[a.article_id] == predicted[b.article_id]:
                together += 1
                same += a.story == b.story
                if a.story != b.story:
                    merged.add(frozenset((a.story, b.story)))
        wrong_stories += len(merged)
    precision = same / together if together else 1.0
    print("| hard negatives (same topic, people, place, day) | value |")
    print("|---|---:|")
    print(f"| sibling story pairs | {sibling_pairs} |")
    print(f"| sibling story pairs wrongly merged | {wrong_stories} |")
    print(f"| pairwise precision within clusters | {precision:.3f} |\n")


def relations(articles: list[LabelledArticle], predicted: dict, relation: dict) -> None:
    first = {}
    for article in articles:
        first.setdefault(article.story, predicted[article.article_id])
    print("| kind | count | joined its story | labelled copy | labelled rewrite |")
    print("|---|---:|---:|---:|---:|")
    for kind in ("copy", "rewrite"):
        group_ = [a for a in articles if a.kind == kind]
        joined = sum(predicted[a.article_id] == first[a.story] for a in group_)
        copies = sum(relation[a.article_id] is Relation.COPY for a in group_)
        rewrites = sum(relation[a.article_id] is Relation.REWRITE for a in group_)
        n = len(group_)
        print(f"| {kind} | {n} | {joined / n:.3f} | {copies / n:.3f} | {rewrites / n:.3f} |")
    print()


def throughput(total: int) -> None:
    gc.collect()
    before = _rss()
    index = StoryIndex(slack=None)  # every article held: fed story by story, not in time order
    sign_s = assign_s = add_s = 0.0
    tail: list[float] = []
    for article in itertools.islice(generate(total // 4, seed=7, days=30), total):
        item = candidate_of(article)
        t0 = time.perf_counter()
        signature = index.sign(item)
        t1 = time.perf_counter()
        assignment = index.assign(item, signature)
        t2 = time.perf_counter()
        story = assignment.story_id if assignment.story_id is not None else article.article_id
        index.add(article.article_id, story, signature, article.published)
        t3 = time.perf_counter()
        sign_s, assign_s, add_s = sign_s + t1 - t0, assign_s + t2 - t1, add_s + t3 - t2
        if len(index) > total - 1000:
            tail.append((t2 - t1) * 1000)
    gc.collect()
    n = len(index)
    memory = (_rss() - before) / n
    tail.sort()
    print(f"| {n:,} articles | value |")
    print("|---|---:|")
    rate = n / (sign_s + assign_s + add_s)
    print(f"| grouping throughput (sign + assign + add) | {rate:,.0f} articles/s |")
    print(f"| sign, mean | {sign_s / n * 1000:.3f} ms |")
    print(f"| assign, mean over all | {assign_s / n * 1000:.3f} ms |")
    print(f"| assign, median of the last 1,000 | {statistics.median(tail):.3f} ms |")
    print(f"| assign, p99 of the last 1,000 | {tail[int(len(tail) * 0.99) - 1]:.3f} ms |")
    print(f"| add, mean | {add_s / n * 1000:.3f} ms |")
    print(f"| index memory (resident growth) | {memory:,.0f} bytes/article |\n")


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 articles for throughput")
    parser.add_argument("--fundus", type=Path, default=real_corpus.FUNDUS,
                        help="flairNLP/fundus git snapshot")
    parser.add_argument("--readability", type=Path, default=real_corpus.READABILITY,
                        help="mozilla/readability git snapshot")
    parser.add_argument("--also", action="append", default=[], metavar="REF",
                        help="also measure newsdesk.stories as git REF has it (e.g. main)")
    args = parser.parse_args()
    print("## Real copies\n")
    real.run(args.fundus, args.readability, tuple(args.also))
    print("## Generated stories\n")
    quality(500 if args.quick else 1000)
    print("## Throughput\n")
    throughput(10_000 if args.quick else 100_000)


if __name__ == "__main__":
    main()
