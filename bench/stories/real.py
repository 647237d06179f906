"""The real-copy benchmark: real articles, republished, grouped by newsdesk and by a baseline.

    .venv/bin/python bench/stories/real.py [--fundus PATH] [--readability PATH] [--also REF]

Prints Markdown tables (both systems side by side, same run): pairwise and B-cubed P/R/F1,
copy/rewrite labelling, and precision inside the hard-negative groups.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline
import other_version
import real_corpus
from republish import BenchArticle, network
from scoring import bcubed, pairwise

from newsdesk.records import Relation
from newsdesk.stories import StoryCandidate, StoryIndex

Grouping = tuple[dict[int, int], dict[int, Relation]]
SUBSETS = (
    ("originals + copies", {"original", "copy"}),
    ("originals + rewrites", {"original", "rewrite"}),
    ("all (with feed items)", {"original", "copy", "rewrite", "feed item"}),
)


def candidate_of(article: BenchArticle) -> StoryCandidate:
    return StoryCandidate(
        article_id=article.article_id, title=article.title, summary=article.summary,
        text=article.text, published=article.published, publisher=article.publisher,
        url=article.url, original_source=None,
    )


def newsdesk_group(articles: list[BenchArticle]) -> Grouping:
    """Every article through the story index, as the desk places them, in order."""
    return place_all(StoryIndex(), [candidate_of(a) for a in articles])


def place_all(index: Any, items: list[Any], sign: Callable[[Any], Any] | None = None,
              ) -> Grouping:
    """Sign (with ``index.sign`` unless told), assign and add each item in turn; the story
    each counts for at the end (merges made later followed) and the relation it was given."""
    sign = sign or index.sign
    story_of, relation_of = {}, {}
    for item in items:
        signature = sign(item)
        assignment = index.assign(item, signature)
        story = assignment.story_id if assignment.story_id is not None else item.article_id
        index.add(item.article_id, story, signature, item.published)
        story_of[item.article_id] = story
        relation_of[item.article_id] = assignment.relation
    return {a: index.story_of(a) or s for a, s in story_of.items()}, relation_of


def clustering(articles: list[BenchArticle], results: dict[str, Grouping]) -> None:
    truth = {a.article_id: a.story for a in articles}
    print("| subset | articles | system | pairwise P | pairwise R | pairwise F1 "
          "| B³ P | B³ R | B³ F1 |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for name, kinds in SUBSETS:
        items = [a.article_id for a in articles if a.kind in kinds]
        for system, (predicted, _) in results.items():
            scores = (*pairwise(truth, predicted, items), *bcubed(truth, predicted, items))
            cells = " | ".join(f"{v:.3f}" for v in scores)
            print(f"| {name} | {len(items)} | {system} | {cells} |")
    print()


def labelling(articles: list[BenchArticle], results: dict[str, Grouping]) -> None:
    print("| kind | count | system | joined its story | labelled copy | labelled rewrite |")
    print("|---|---:|---|---:|---:|---:|")
    for kind in ("copy", "rewrite"):
        members = [a for a in articles if a.kind == kind]
        for system, (predicted, relation) in results.items():
            first = {}
            for a in articles:
                first.setdefault(a.story, predicted[a.article_id])
            joined = sum(predicted[a.article_id] == first[a.story] for a in members)
            copies = sum(relation[a.article_id] is Relation.COPY for a in members)
            rewrites = sum(relation[a.article_id] is Relation.REWRITE for a in members)
            n = len(members)
            print(f"| {kind} | {n} | {system} | {joined / n:.3f} | {copies / n:.3f} "
                  f"| {rewrites / n:.3f} |")
    print()


def hard_negatives(articles: list[BenchArticle], results: dict[str, Grouping]) -> None:
    by_group: dict[str, list[BenchArticle]] = defaultdict(list)
    for article in articles:
        for name in article.groups:
            by_group[name].append(article)
    print("| hard negatives | groups | stories | system | story pairs wrongly merged "
          "| pairwise precision |")
    print("|---|---:|---:|---|---:|---:|")
    for kind, label in (("publisher", "one publisher's other stories"),
                        ("topic", "other stories on the same topic, same language"),
                        ("feed", "feed items sharing a word and a ten-word phrase"),
                        ("", "all of the above")):
        groups = [m for name, m in by_group.items() if name.startswith(kind)]
        stories = len({(id(g), a.story) for g in groups for a in g})
        for system, (predicted, _) in results.items():
            pairs: set[tuple[int, int]] = set()
            for members in groups:
                pairs |= {(a.article_id, b.article_id) if a.article_id < b.article_id
                          else (b.article_id, a.article_id)
                          for a, b in itertools.combinations(members, 2)
                          if predicted[a.article_id] == predicted[b.article_id]}
            story = {a.article_id: a.story for a in articles}
            wrong = {frozenset((story[a], story[b])) for a, b in pairs if story[a] != story[b]}
            right = sum(story[a] == story[b] for a, b in pairs)
            precision = right / len(pairs) if pairs else 1.0
            print(f"| {label} | {len(groups)} | {stories} | {system} | {len(wrong)} "
                  f"| {precision:.3f} |")
    print()


def run(fundus: Path, readability: Path, also: tuple[str, ...] = ()) -> None:
    """Prepare the real texts, build the network, and print every table. ``also``: git refs
    whose newsdesk.stories is measured beside the current one (e.g. ``main``)."""
    reals = real_corpus.prepare(fundus, readability)
    articles = network(reals)
    kinds = Counter(a.kind for a in articles)
    languages = Counter(r.language for r in reals)
    print(f"Real texts: {len(reals)} articles ({languages['en']} English, {languages['de']} "
          f"German, {len(reals) - languages['en'] - languages['de']} in {len(languages) - 2} "
          f"other languages). Network: {len(articles)} articles ({dict(kinds)}).\n")
    systems: dict[str, Callable[[list[BenchArticle]], Grouping]] = {
        "newsdesk": newsdesk_group,
        **{f"newsdesk at {ref}": other_version.grouper(other_version.load(ref))
           for ref in also},
        "datasketch MinHash-LSH (word 3-shingles, J ≥ 0.5)": baseline.group,
    }
    results, timings = {}, {}
    for name, grouper in systems.items():
        start = time.perf_counter()
        results[name] = grouper(articles)
        timings[name] = time.perf_counter() - start
    clustering(articles, results)
    labelling(articles, results)
    hard_negatives(articles, results)
    for name, seconds in timings.items():
        print(f"- {name}: {len(articles) / seconds:,.0f} articles/s (shared machine)")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fundus", type=Path, default=real_corpus.FUNDUS)
    parser.add_argument("--readability", type=Path, default=real_corpus.READABILITY)
    parser.add_argument("--also", action="append", default=[], metavar="REF",
                        help="also measure newsdesk.stories as git REF has it (e.g. main)")
    args = parser.parse_args()
    run(args.fundus, args.readability, tuple(args.also))


if __name__ == "__main__":
    main()
