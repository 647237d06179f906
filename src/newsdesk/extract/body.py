"""The page's main text as a list of blocks (paragraphs, subheadings, list items).

trafilatura finds the main content; ``body_selector`` overrides it with a CSS
selector; a plain selectolax paragraph walk is the fallback when both find nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import trafilatura
from lxml import etree
from selectolax.lexbor import LexborHTMLParser, LexborNode
from trafilatura.settings import Extractor

BlockKind = Literal["heading", "paragraph", "item"]

_FALLBACK_ROOTS = ('[itemprop="articleBody"]', "article", "main", '[role="main"]', "body")
_FALLBACK_BLOCKS = "h2, h3, h4, h5, h6, p, li, blockquote"
_FALLBACK_SKIP = frozenset({"nav", "aside", "footer", "form", "script", "style", "header"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


# trafilatura's fallback path drops non-printable characters, among them the zero-width
# non-joiner that Persian spelling needs ("می‌گوید"); a printable stand-in survives it.
_JOINERS = {"\u200c": "\ua66e", "\u200d": "\ua66d"}
_LINK_OPEN, _LINK_CLOSE = "\x01", "\x02"
# Built once: constructing trafilatura's settings costs as much as a small extraction.
_TRAFILATURA_OPTIONS = Extractor(
    output_format="python", fast=True, comments=False, tables=True, links=True,
    with_metadata=False,
)


@dataclass(frozen=True, slots=True)
class Block:
    """One line of body text and what it was in the page."""

    kind: BlockKind
    text: str
    link_only: bool = False  # the whole line is one link's text: navigation, not prose


def body_blocks(
    html: str, tree: LexborHTMLParser, url: str, body_selector: str | None, article_body: str
) -> list[Block]:
    """Main-text blocks in page order; empty when the page has no readable text."""
    if body_selector:
        root = tree.css_first(body_selector)
        if root is not None:
            return _selectolax_blocks(root)
    blocks = _trafilatura_blocks(html)
    if not blocks:
        blocks = _fallback_blocks(tree)
    if not blocks and article_body:
        blocks = [Block("paragraph", " ".join(p.split())) for p in article_body.splitlines()
                  if p.strip()]
    return blocks


def _trafilatura_blocks(html: str) -> list[Block]:
    joiners = [(real, stand_in) for real, stand_in in _JOINERS.items() if real in html]
    for real, stand_in in joiners:
        html = html.replace(real, stand_in)
    try:
        document = trafilatura.bare_extraction(html, options=_TRAFILATURA_OPTIONS)
    except (ValueError, TypeError, etree.LxmlError):  # odd markup: the fallback still reads it
        return []
    body = getattr(document, "body", None)
    if body is None:
        return []
    blocks: list[Block] = []
    for element in body.iter("head", "p", "item", "quote"):
        if element.tag == "quote" and element.find("p") is not None:
            continue  # its paragraphs come on their own
        if element.tag == "p" and _has_ancestor(element, "item"):
            continue
        kind: BlockKind = {"head": "heading", "item": "item"}.get(element.tag, "paragraph")
        for line in _lines_of(element):
            link_only = line.startswith(_LINK_OPEN) and line.endswith(_LINK_CLOSE) \
                and line.count(_LINK_OPEN) == 1
            text = line.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")
            for real, stand_in in joiners:
                text = text.replace(stand_in, real)
            if text.strip():
                blocks.append(Block(kind, " ".join(text.split()), link_only))
    return blocks


def _lines_of(element: etree._Element) -> list[str]:
    """Text of an element, split where the page had a line break (``<lb/>``)."""
    for line_break in element.iter("lb"):
        line_break.tail = "\n" + (line_break.tail or "")  # the tree is ours to mutate
    for link in element.iter("ref"):
        link.text = _LINK_OPEN + (link.text or "")
        link.tail = _LINK_CLOSE + (link.tail or "")
    text = "".join(element.itertext())
    return [line.strip() for line in text.split("\n") if line.strip()]


def _has_ancestor(element: etree._Element, tag: str) -> bool:
    return any(parent.tag == tag for parent in element.iterancestors())


def _fallback_blocks(tree: LexborHTMLParser) -> list[Block]:
    for selector in _FALLBACK_ROOTS:
        root = tree.css_first(selector)
        if root is not None:
            blocks = _selectolax_blocks(root)
            if blocks:
                return blocks
    return []


def _selectolax_blocks(root: LexborNode) -> list[Block]:
    blocks: list[Block] = []
    for node in root.css(_FALLBACK_BLOCKS):
        if _skipped(node, root):
            continue
        text = " ".join((node.text(separator="") or "").split())
        if not text:
            continue
        if node.tag in _HEADING_TAGS:
            blocks.append(Block("heading", text))
        else:
            blocks.append(Block("item" if node.tag == "li" else "paragraph", text))
    return blocks


def _skipped(node: LexborNode, root: LexborNode) -> bool:
    """Inside chrome containers, or nested in another block we already take whole."""
    parent = node.parent
    while parent is not None and parent is not root and parent.mem_id != root.mem_id:
        if parent.tag in _FALLBACK_SKIP or parent.tag in {"p", "li", "blockquote"}:
            return True
        parent = parent.parent
    return False
