"""The usual near-duplicate grouping, for comparison: datasketch MinHash-LSH on word shingles.

Each article's title, standfirst and body are lower-cased and split into words; its 3-word
shingles go into a 128-permutation MinHash; an LSH index (Jaccard threshold 0.5) returns the
earlier articles that may be near-duplicates, and the article joins the story of the most
similar one (estimated Jaccard ≥ 0.5), labelled ``copy``; otherwise it starts a story.
"""

from __future__ import annotations

import re

from datasketch import MinHash, MinHashLSH
from republish import BenchArticle

from newsdesk.records import Relation

THRESHOLD = 0.5
NUM_PERM = 128
_WORD = re.compile(r"\w+")


def shingles(article: BenchArticle) -> set[bytes]:
    words = _WORD.findall(f"{article.title}\n{article.summary}\n{article.text}".lower())
    if len(words) < 3:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + 3]).encode() for i in range(len(words) - 2)}


def group(articles: list[BenchArticle]) -> tuple[dict[int, int], dict[int, Relation]]:
    """Predicted story and relation per article id, articles taken in the given order."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    sketches: dict[int, MinHash] = {}
    story_of: dict[int, int] = {}
    relation_of: dict[int, Relation] = {}
    for article in articles:
        sketch = MinHash(num_perm=NUM_PERM, seed=1)
        sketch.update_batch(list(shingles(article)))
        scored = [(sketch.jaccard(sketches[other]), other) for other in lsh.query(sketch)]
        best = max(scored, default=None)
        if best is not None and best[0] >= THRESHOLD:
            story_of[article.article_id] = story_of[best[1]]
            relation_of[article.article_id] = Relation.COPY
        else:
            story_of[article.article_id] = article.article_id
            relation_of[article.article_id] = Relation.ORIGINAL
        lsh.insert(article.article_id, sketch)
        sketches[article.article_id] = sketch
    return story_of, relation_of
