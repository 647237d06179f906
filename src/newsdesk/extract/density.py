"""A second opinion on where the story is: the container with the most paragraph prose.

Readability's idea, on the selectolax tree the page is already parsed into: every paragraph
of real prose scores its parent fully and its grandparent by half; the best container,
discounted by how much of its text is link text, wins, with the siblings that score nearly
as well. Used when trafilatura's pick looks too small, and to check it against the page's
own JSON-LD text.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .blocks import CHROME_TAGS, Block, inside, node_blocks

_SCORED = "p, pre, td, blockquote"
_MIN_CHARS = 25  # shorter paragraphs are captions, buttons, datelines
_UNLIKELY = re.compile(
    r"comment|footer|sidebar|related|share|social|promo|newsletter|subscribe|advert|banner|"
    r"cookie|breadcrumb|menu|popup|teaser|recommend|outbrain|taboola|masthead|widget|"
    r"sponsor|rail|most-?read|trending", re.IGNORECASE)
_LIKELY = re.compile(r"article|body|content|entry|main|post|story|text|prose", re.IGNORECASE)
_SIBLING_SHARE = 0.2  # a sibling scoring this share of the best joins it
_CANDIDATES = 5  # how many top containers get their link density measured


def densest_blocks(tree: LexborHTMLParser) -> list[Block]:
    """Blocks of the container holding most of the page's prose; empty when none has any."""
    scores: dict[int, tuple[LexborNode, float]] = {}
    for paragraph in tree.css(_SCORED):
        text = paragraph.text(separator="") or ""
        if len(text.strip()) < _MIN_CHARS or inside(paragraph, CHROME_TAGS):
            continue
        points = 1 + text.count(",") + text.count("،") + min(len(text) // 100, 3)
        for share, ancestor in ((1.0, paragraph.parent), (0.5, _parent(paragraph.parent))):
            if ancestor is not None and ancestor.tag != "html":
                node, score = scores.get(ancestor.mem_id, (ancestor, _class_weight(ancestor)))
                scores[ancestor.mem_id] = (node, score + points * share)
    if not scores:
        return []
    top = sorted(scores.values(), key=lambda pair: pair[1], reverse=True)[:_CANDIDATES]
    best, best_score = max(((node, score * (1 - _link_density(node))) for node, score in top),
                           key=lambda pair: pair[1])
    blocks: list[Block] = []
    for node in _with_siblings(best, best_score, scores):
        blocks.extend(node_blocks(node) if node.tag not in ("p", "pre") else _own(node))
    return blocks


def _with_siblings(best: LexborNode, best_score: float,
                   scores: dict[int, tuple[LexborNode, float]]) -> list[LexborNode]:
    parent = best.parent
    if parent is None:
        return [best]
    chosen = []
    for child in parent.iter():
        if child.mem_id == best.mem_id:
            chosen.append(child)
            continue
        score = scores.get(child.mem_id, (child, 0.0))[1]
        scores_well = score >= best_score * _SIBLING_SHARE and _link_density(child) < 0.3
        if scores_well or (child.tag == "p" and _is_prose(child)):
            chosen.append(child)
    return chosen


def _own(node: LexborNode) -> list[Block]:
    text = " ".join((node.text(separator="") or "").split())
    return [Block("paragraph", text)] if text else []


def _is_prose(node: LexborNode) -> bool:
    text = node.text(separator="") or ""
    return len(text) > 80 and _link_density(node) < 0.25 and bool(re.search(r"[.!?؟。]", text))


def _class_weight(node: LexborNode) -> float:
    names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
    weight = 0.0
    if _UNLIKELY.search(names):
        weight -= 25
    if _LIKELY.search(names):
        weight += 25
    return weight + (5 if node.tag in ("article", "main") else 0)


def _link_density(node: LexborNode) -> float:
    total = len(node.text(separator="") or "")
    if not total:
        return 1.0
    linked = sum(len(link.text(separator="") or "") for link in node.css("a"))
    return min(linked / total, 1.0)


def _parent(node: LexborNode | None) -> LexborNode | None:
    return node.parent if node is not None else None
