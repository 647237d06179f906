"""How alike two articles are: the copy score and the rewrite score, and the relation they imply.

Both scores are in [0, 1]. The index uses them on the few candidates it retrieves; the store can
use ``relation_to_original`` to relabel members when a story's original changes.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from newsdesk.records import Relation

from .signature import Features, Signature, Sketches, decode_features, decode_minhash

COPY_THRESHOLD = 0.7
REWRITE_THRESHOLD = 0.5
SAME_SITE = 0.8  # share of phrase units two articles of one site must have in common...
SAME_SITE_REWRITE = 0.15  # ...and what a rewrite of one's own story must score above others
MIN_CONTAINED = 60  # shingles (about 65 letters): below, a text must match whole, not be contained


def copy_score(a: Sketches, size_a: Features, b: Sketches, size_b: Features) -> float:
    """How surely one text is a copy of the other (chrome, lost spaces, truncation allowed).

    ``a`` is the newer article (the one being placed, or a member), ``b`` the older (an
    indexed article, or the story's original). Jaccard estimates are turned into
    containment, so a truncated copy still scores high. Two things must hold, and the score
    is the weaker: the shorter body is contained in the longer, and the openings are alike:
    the two ledes (first 400 characters) match, or the two openings (first 1,200) do, or
    ``a``'s lede lies in ``b``'s opening. The opening test lets a copy drop, add or move a
    standfirst or a dateline, and stops an update that reuses an old story's background under
    a new lede (or a rewrite that moves the lede down) from counting as a copy. Texts too
    short to be judged by containment (``MIN_CONTAINED``) must match as a whole. Two articles
    of one site must also share most of their phrase units (``SAME_SITE``): a site's items
    share its taglines and sign-offs even before the index has learned them as boilerplate.
    """
    if size_a.shingles == 0 or size_b.shingles == 0:
        return 0.0
    smaller, larger = sorted((size_a.shingles, size_b.shingles))
    if smaller < MIN_CONTAINED:  # a scrap is contained in anything: it must match whole
        return a.body.jaccard(b.body)
    body = _contained(a.body.jaccard(b.body), smaller, larger)
    if size_a.site == size_b.site and _overlap(set(size_a.units), set(size_b.units)) < SAME_SITE:
        return 0.0  # one site's items share its taglines: only a near-whole match is a copy
    return min(body, _opening_alike(a, size_a, b, size_b))


def _opening_alike(a: Sketches, size_a: Features, b: Sketches, size_b: Features) -> float:
    ledes = sorted((size_a.lede_shingles, size_b.lede_shingles))
    openings = sorted((size_a.opening_shingles, size_b.opening_shingles))
    return max(
        _contained(a.lede.jaccard(b.lede), *ledes),
        _contained(a.opening.jaccard(b.opening), *openings),
        _contained(a.lede.jaccard(b.opening), size_a.lede_shingles, size_b.opening_shingles),
    )


def rewrite_score(a: Features, b: Features) -> float:
    """How surely two articles report the same event in different words.

    Weighted: content-word overlap of the whole text (0.4), shared numbers (0.4), shared names
    (0.1), shared title and lede words (0.1). Numbers weigh as much as words because a
    different event on the same day with the same people almost always has other figures;
    names weigh little because those are exactly what such hard negatives share. When either
    side has no numbers, that term counts as half. Between two articles of one site the score
    is lowered by ``SAME_SITE_REWRITE``: they share the site's phrases and names, and a site
    updates its own story in place far more often than it rewrites it.
    """
    words = a.words.jaccard(b.words)
    names = _overlap(a.names, b.names)
    numbers = _overlap(a.numbers, b.numbers) if a.numbers and b.numbers else 0.5
    title = _overlap(a.title_words, b.title_words)
    score = 0.4 * words + 0.1 * names + 0.4 * numbers + 0.1 * title
    return score - SAME_SITE_REWRITE if a.site == b.site else score


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
    if signature.minhash == original.minhash:
        return Relation.ORIGINAL
    features_a, features_b = decode_features(signature), decode_features(original)
    copy = copy_score(decode_minhash(signature), features_a, decode_minhash(original), features_b)
    if copy >= copy_threshold:
        return Relation.COPY
    if rewrite_score(features_a, features_b) >= rewrite_threshold:
        return Relation.REWRITE
    return None


def _contained(jaccard: float, size: int, container: int) -> float:
    """How much of a set of ``size`` lies in another of ``container``, from their Jaccard."""
    if size == 0 or container == 0:
        return 0.0
    return min(1.0, jaccard * (size + container) / ((1.0 + jaccard) * size))


def _overlap(a: AbstractSet[int], b: AbstractSet[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
