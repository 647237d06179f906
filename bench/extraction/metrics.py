"""Scores for extracted text against a gold text, written here from their published definitions.

- ``shingle_counts``: the article-extraction-benchmark metric (scrapinghub): both texts become
  bags of word 4-grams ("shingles"); per page, true positives, false positives and false
  negatives are the clipped overlaps, normalised so every page weighs the same; precision,
  recall and F1 come from their sums over a set.
- ``rouge_lsum``: ROUGE-L at summary level (Lin 2004), as the Fundus paper reports: each gold
  paragraph is matched against the union of its longest common subsequences with every
  extracted paragraph. Tokens are case-folded ``\\w+`` runs, so every script counts (the
  usual rouge-score tokenizer keeps only ASCII letters and digits).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"\w+")
SHINGLE = 4


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    words = tokens(text)
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def shingle_counts(found: str, gold: str) -> tuple[float, float, float]:
    """Per-page (tp, fp, fn), normalised to sum to 1 (all zero when both texts are empty)."""
    got, want = _shingles(found), _shingles(gold)
    tp = sum((got & want).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision_recall_f1(counts: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    tp = fp = fn = 0.0
    for page_tp, page_fp, page_fn in counts:
        tp, fp, fn = tp + page_tp, fp + page_fp, fn + page_fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _paragraphs(text: str) -> list[list[str]]:
    return [words for line in text.splitlines() if (words := tokens(line))]


def _lcs_positions(gold: Sequence[str], found: Sequence[str]) -> set[int]:
    """Positions in ``gold`` of one longest common subsequence with ``found``.

    Hunt–Szymanski: work grows with the number of matching token pairs, not the product of
    the lengths, which keeps long articles fast.
    """
    where: dict[str, list[int]] = defaultdict(list)
    for index, word in enumerate(found):
        where[word].append(index)
    ends: list[int] = []  # ends[k]: smallest found index ending a common run of length k + 1
    tails: list[tuple[int, object]] = []  # the run ending there: (gold index, previous link)
    for gold_index, word in enumerate(gold):
        for found_index in reversed(where.get(word, ())):
            k = bisect_left(ends, found_index)
            link = (gold_index, tails[k - 1] if k else None)
            if k == len(ends):
                ends.append(found_index)
                tails.append(link)
            elif found_index < ends[k]:
                ends[k] = found_index
                tails[k] = link
    positions: set[int] = set()
    node = tails[-1] if tails else None
    while node is not None:
        positions.add(node[0])
        node = node[1]  # type: ignore[assignment]
    return positions


def rouge_lsum(found: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of ROUGE-LSum for one page."""
    gold_paragraphs, found_paragraphs = _paragraphs(gold), _paragraphs(found)
    gold_total = sum(map(len, gold_paragraphs))
    found_total = sum(map(len, found_paragraphs))
    if not gold_total or not found_total:
        return 0.0, 0.0, 0.0
    gold_counts = Counter(w for p in gold_paragraphs for w in p)
    found_counts = Counter(w for p in found_paragraphs for w in p)
    hits = 0
    for paragraph in gold_paragraphs:
        union: set[int] = set()
        for candidate in found_paragraphs:
            union |= _lcs_positions(paragraph, candidate)
        for position in sorted(union):  # each token counts at most as often as it occurs
            word = paragraph[position]
            if gold_counts[word] > 0 and found_counts[word] > 0:
                hits += 1
                gold_counts[word] -= 1
                found_counts[word] -= 1
    precision, recall = hits / found_total, hits / gold_total
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1
