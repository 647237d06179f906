"""How alike two articles are: the copy score and the rewrite score, and the relation they imply.

Both scores are in [0, 1]. The index uses them on the few candidates it retrieves; the store can
use ``relation_to_original`` to relabel members when a story's original changes.
"""

from __future__ import annotations

import rensa

from newsdesk.records import Relation

from .signature import LEDE_SHINGLES, Features, Signature, decode_features, decode_minhash

COPY_THRESHOLD = 0.6
REWRITE_THRESHOLD = 0.5


def copy_score(
    body_a: rensa.RMinHash,
    lede_a: rensa.RMinHash,
    size_a: int,
    body_b: rensa.RMinHash,
    lede_b: rensa.RMinHash,
    size_b: int,
) -> float:
    """How surely one text is a copy of the other (chrome, lost spaces, truncation allowed).

    Jaccard estimates are turned into containment of the shorter text in the longer, so a
    truncated copy still scores high. The lede must be contained too, so an update that reuses
    an old story's background paragraphs under a new lede does not count as a copy.
    """
    if size_a == 0 or size_b == 0:
        return 0.0
    lede_a_size, lede_b_size = min(size_a, LEDE_SHINGLES), min(size_b, LEDE_SHINGLES)
    body = _containment(body_a.jaccard(body_b), size_a, size_b)
    return min(body, _containment(lede_a.jaccard(lede_b), lede_a_size, lede_b_size))


def rewrite_score(a: Features, b: Features) -> float:
    """How surely two articles report the same event in different words.

    Weighted: content-word overlap of the whole text (0.4), shared numbers (0.4), shared names
    (0.1), shared title and lede words (0.1). Numbers weigh as much as words because a
    different event on the same day with the same people almost always has other figures;
    names weigh little because those are exactly what such hard negatives share. When either
    side has no numbers, that term counts as half.
    """
    words = a.words.jaccard(b.words)
    names = _overlap(a.names, b.names)
    numbers = _overlap(a.numbers, b.numbers) if a.numbers and b.numbers else 0.5
    title = _overlap(a.title_words, b.title_words)
    return 0.4 * words + 0.1 * names + 0.4 * numbers + 0.1 * title


def relation_to_original(
    signature: Signature,
    original: Signature,
    *,
    copy_threshold: float = COPY_THRESHOLD,
    rewrite_threshold: float = REWRITE_THRESHOLD,
) -> Relation | None:
    """How the article signed ``signature`` stands to the story's original, or None if unrelated.

    Returns ``Relation.ORIGINAL`` when both signatures are the same article text.
    """
    if signature == original:
        return Relation.ORIGINAL
    body_a, lede_a = decode_minhash(signature)
    body_b, lede_b = decode_minhash(original)
    features_a, features_b = decode_features(signature), decode_features(original)
    copy = copy_score(body_a, lede_a, features_a.shingles, body_b, lede_b, features_b.shingles)
    if copy >= copy_threshold:
        return Relation.COPY
    if rewrite_score(features_a, features_b) >= rewrite_threshold:
        return Relation.REWRITE
    return None


def _containment(jaccard: float, size_a: int, size_b: int) -> float:
    # |A & B| = J * (|A| + |B|) / (1 + J); divided by the smaller set it is containment.
    return min(1.0, jaccard * (size_a + size_b) / ((1.0 + jaccard) * min(size_a, size_b)))


def _overlap(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
