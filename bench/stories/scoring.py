"""Clustering scores: pairwise and B-cubed precision, recall and F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def pairwise(truth: dict[int, int], predicted: dict[int, int], items: Iterable[int]) -> tuple:
    """(precision, recall, f1) over all pairs of ``items``."""
    items = list(items)
    cells = Counter((predicted[i], truth[i]) for i in items)
    together = sum(_pairs(n) for n in Counter(predicted[i] for i in items).values())
    same = sum(_pairs(n) for n in Counter(truth[i] for i in items).values())
    both = sum(_pairs(n) for n in cells.values())
    return _prf(both / together if together else 1.0, both / same if same else 1.0)


def bcubed(truth: dict[int, int], predicted: dict[int, int], items: Iterable[int]) -> tuple:
    """(precision, recall, f1) averaged per item (Bagga and Baldwin's B-cubed)."""
    items = list(items)
    cells = Counter((predicted[i], truth[i]) for i in items)
    by_pred = Counter(predicted[i] for i in items)
    by_truth = Counter(truth[i] for i in items)
    precision = sum(cells[(predicted[i], truth[i])] / by_pred[predicted[i]] for i in items)
    recall = sum(cells[(predicted[i], truth[i])] / by_truth[truth[i]] for i in items)
    return _prf(precision / len(items), recall / len(items))


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _prf(precision: float, recall: float) -> tuple[float, float, float]:
    total = precision + recall
    return precision, recall, (2 * precision * recall / total if total else 0.0)
