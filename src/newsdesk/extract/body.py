"""The page's main text as blocks, chosen among several readings of the page.

Readings, each total (a failing one is a warning, not an error): the source's
``body_selector``; trafilatura's pick; the container with the most prose (``density``); the
page's own JSON-LD ``articleBody``. When the page carries a plausible ``articleBody`` it is
the referee: the reading that agrees with it best wins, and lines it does not contain (teasers,
promos, credits of photos) leave the body. Without one, the density reading replaces
trafilatura's when trafilatura kept far less of the same region (it sometimes settles on one
paragraph), or is joined to it when the two readings meet in the page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from .blocks import Block, node_blocks
from .density import densest_blocks
from .main_text import trafilatura_blocks
from .steps import run_step

_FALLBACK_ROOTS = ('[itemprop="articleBody"]', "article", "main", '[role="main"]', "body")
_UNSEEN = ('script, style, noscript, template, [hidden], [aria-hidden="true"], '
           '[style*="display:none"], [style*="display: none"], [style*="visibility:hidden"], '
           '[style*="visibility: hidden"]')
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_GAP = 1500  # characters between two readings that still make one story (an ad, a photo)
_SENTENCE_END = re.compile(r"[.!?؟。](?:\s|$)")
_CHARS_PER_SENTENCE = 400  # prose ends a sentence at least this often
_PROBE = 40  # characters of a block that find it in the page's text
_REFERENCE_MIN_WORDS = 50  # a shorter articleBody is a teaser, not the story
_REFERENCE_MIN_LINES = 3  # replace a reading only with an articleBody kept in paragraphs
_AGREES = 0.8  # share of the reference a reading must hold to be trusted line by line
_DISAGREES = 0.5  # below this share, no reading found the story the page declares
_LINE_SUPPORT = 0.5  # share of a line's words the reference must hold to keep the line
_TEASER_SHARE = 0.5  # an articleBody this much shorter than the reading is a teaser
_SHORT_READING = 1.6  # density wins when it reads this many times more text
_CONTAINS = 0.6  # ... and holds this share of trafilatura's words


@dataclass(slots=True)
class Body:
    """The chosen blocks, what went wrong, what was left out."""

    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)  # lines the articleBody lacks


def read_body(html: str, tree: LexborHTMLParser, body_selector: str | None,
              article_body: str) -> Body:
    """Main-text blocks in page order; empty blocks when the page has no readable text."""
    warnings: list[str] = []
    if body_selector:
        chosen = run_step("body selector", warnings, [], _selected, tree, body_selector)
        if chosen:
            return Body(chosen, warnings)
        warnings.append(f"body selector {body_selector!r} matched no text; read the page")
    main = run_step("trafilatura", warnings, [], trafilatura_blocks, html)
    run_step("hiding", warnings, None, _drop_unseen, tree)
    dense = run_step("density", warnings, [], densest_blocks, tree)
    reference = _words(article_body)
    if _plausible(reference, main):
        return _refereed(main, dense, article_body, reference, warnings)
    if _size(dense) > _SHORT_READING * _size(main):
        if _recall(dense, _words(_text(main))) >= _CONTAINS:  # more of the same region
            return Body(dense, warnings)
        joined = run_step("joining", warnings, [], _joined, tree, main, dense)
        if joined:  # trafilatura kept the top of the story, density the rest
            return Body(joined, warnings)
    if main:
        return Body(main, warnings)
    return Body(run_step("page walk", warnings, [], _page_walk, tree), warnings)


def _refereed(main: list[Block], dense: list[Block], article_body: str,
              reference: Counter[str], warnings: list[str]) -> Body:
    """The reading closest to the page's own articleBody, trimmed to the lines it holds."""
    blocks = max((main, dense), key=lambda reading: _agreement(reading, reference))
    share = _recall(blocks, reference)
    if share < _DISAGREES and article_body.count("\n") >= _REFERENCE_MIN_LINES:
        paragraphs = [Block("paragraph", " ".join(line.split()))
                      for line in article_body.splitlines() if line.strip()]
        return Body(paragraphs, warnings)
    if share < _AGREES:  # the readings and the page disagree: trust no one line by line
        return Body(blocks, warnings)
    kept, unsupported = [], []
    for block in blocks:
        if block.kind == "heading" or _supported(block.text, reference):
            kept.append(block)
        else:
            unsupported.append(block.text)
    return Body(kept, warnings, unsupported)


def _joined(tree: LexborHTMLParser, main: list[Block], dense: list[Block]) -> list[Block]:
    """Both readings in page order when one ends just where the other starts; else none."""
    page = _SPACE.sub("", tree.body.text(separator="") if tree.body else "")
    spans = [(_at(page, block), block) for block in (*main, *dense)]
    if not main or not _prose(dense) or any(at < 0 for at, _ in spans):
        return []
    main_spans, dense_spans = spans[:len(main)], spans[len(main):]
    main_start, main_end = main_spans[0][0], _end(main_spans[-1])
    dense_start, dense_end = dense_spans[0][0], _end(dense_spans[-1])
    if not (0 <= dense_start - main_end <= _GAP or 0 <= main_start - dense_end <= _GAP):
        return []
    seen: set[str] = set()
    joined = []
    for _, block in sorted(spans, key=lambda span: span[0]):
        if block.text not in seen:
            seen.add(block.text)
            joined.append(block)
    return joined


def _prose(blocks: list[Block]) -> bool:
    """Sentences, not a list of names or links: enough sentence ends for its length."""
    text = _text(blocks)
    return len(_SENTENCE_END.findall(text)) * _CHARS_PER_SENTENCE >= len(text)


def _at(page: str, block: Block) -> int:
    return page.find(_SPACE.sub("", block.text)[:_PROBE])


def _end(span: tuple[int, Block]) -> int:
    return span[0] + len(_SPACE.sub("", span[1].text))


def _plausible(reference: Counter[str], main: list[Block]) -> bool:
    """Long enough to be the story, not a teaser of it (some pages cut it to a few lines)."""
    words = sum(reference.values())
    return words >= _REFERENCE_MIN_WORDS and words >= _TEASER_SHARE * sum(
        _words(_text(main)).values())


def _selected(tree: LexborHTMLParser, selector: str) -> list[Block]:
    root = tree.css_first(selector)
    return node_blocks(root) if root is not None else []


def _page_walk(tree: LexborHTMLParser) -> list[Block]:
    for selector in _FALLBACK_ROOTS:
        root = tree.css_first(selector)
        if root is not None:
            blocks = node_blocks(root)
            if blocks:
                return blocks
    return []


def _text(blocks: list[Block]) -> str:
    return " ".join(block.text for block in blocks)


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.casefold()))


def _size(blocks: list[Block]) -> int:
    """Characters of text: words would undercount scripts written without spaces."""
    return sum(len(block.text) for block in blocks)


def _drop_unseen(tree: LexborHTMLParser) -> None:
    """Remove what a reader never sees (scripts, styles, hidden elements) from the tree,
    once metadata has been read from it."""
    for node in tree.css(_UNSEEN):
        if not (node.attributes.get("id") or "").startswith("S:"):
            node.decompose()  # React streams page parts as hidden "S:<n>" divs: they are seen


def _overlap(blocks: list[Block], reference: Counter[str]) -> tuple[int, int]:
    found = _words(_text(blocks))
    return sum((found & reference).values()), sum(found.values())


def _recall(blocks: list[Block], reference: Counter[str]) -> float:
    return _overlap(blocks, reference)[0] / max(sum(reference.values()), 1)


def _agreement(blocks: list[Block], reference: Counter[str]) -> float:
    shared, total = _overlap(blocks, reference)
    if not shared:
        return 0.0
    precision, recall = shared / total, shared / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def _supported(text: str, reference: Counter[str]) -> bool:
    words = _WORD.findall(text.casefold())
    if not words:
        return False
    return sum(word in reference for word in words) / len(words) >= _LINE_SUPPORT
