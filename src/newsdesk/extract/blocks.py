"""Body text as blocks (paragraphs, subheadings, list items), and reading them from a node."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from selectolax.lexbor import LexborNode

BlockKind = Literal["heading", "paragraph", "item"]

BLOCK_TAGS = "h2, h3, h4, h5, h6, p, li, blockquote, pre"
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Containers whose text is never the story's, wherever they sit.
CHROME_TAGS = frozenset({"nav", "aside", "footer", "form", "script", "style", "header",
                         "noscript", "button", "select", "template", "figcaption", "iframe"})
LINKED_SHARE = 0.8  # a line this much link text is a link line (menu entry, teaser)
_WHOLE = frozenset({"p", "li", "blockquote", "pre"})  # blocks read whole, nested ones included


@dataclass(frozen=True, slots=True)
class Block:
    """One line of body text and what it was in the page."""

    kind: BlockKind
    text: str
    link_only: bool = False  # (nearly) all link text: navigation or a teaser, not prose


def node_blocks(root: LexborNode) -> list[Block]:
    """The blocks under ``root`` in page order, outside chrome containers."""
    blocks: list[Block] = []
    for node in root.css(BLOCK_TAGS):
        if _skipped(node, root):
            continue
        text = " ".join((node.text(separator="") or "").split())
        if not text:
            continue
        kind: BlockKind = ("heading" if node.tag in HEADING_TAGS
                           else "item" if node.tag == "li" else "paragraph")
        blocks.append(Block(kind, text, _is_link_line(node, text)))
    return blocks


def _is_link_line(node: LexborNode, text: str) -> bool:
    linked = sum(len(" ".join((link.text(separator="") or "").split()))
                 for link in node.css("a[href]")
                 if not (link.attributes.get("href") or "").startswith("#"))
    return linked >= LINKED_SHARE * len(text)


def inside(node: LexborNode, tags: frozenset[str]) -> bool:
    """True when one of the node's ancestors has one of ``tags``."""
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _skipped(node: LexborNode, root: LexborNode) -> bool:
    """Inside chrome containers, or nested in another block we already take whole."""
    parent = node.parent
    while parent is not None and parent.mem_id != root.mem_id:
        if parent.tag in CHROME_TAGS or parent.tag in _WHOLE:
            return True
        parent = parent.parent
    return False
