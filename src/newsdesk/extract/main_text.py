"""trafilatura's pick of the page's main text, as blocks."""

from __future__ import annotations

import trafilatura
from lxml import etree
from trafilatura.settings import Extractor

from .blocks import LINKED_SHARE, Block, BlockKind

# trafilatura's fallback path drops non-printable characters, among them the zero-width
# non-joiner that Persian spelling needs ("می‌گوید"); a printable stand-in survives it.
_JOINERS = {"\u200c": "\ua66e", "\u200d": "\ua66d"}
_KINDS: dict[str, BlockKind] = {"head": "heading", "item": "item"}
_BLOCK_TAGS = frozenset({"p", "item", "list", "head", "code", "quote", "table", "row"})
# Built once: constructing trafilatura's settings costs as much as a small extraction.
_OPTIONS = Extractor(
    output_format="python", fast=True, comments=False, tables=True, links=True,
    with_metadata=False,
)


def trafilatura_blocks(html: str) -> list[Block]:
    """Main-text blocks as trafilatura (fast mode: no second-opinion extractors) finds them."""
    joiners = [(real, stand_in) for real, stand_in in _JOINERS.items() if real in html]
    for real, stand_in in joiners:
        html = html.replace(real, stand_in)
    document = trafilatura.bare_extraction(html, options=_OPTIONS)
    body = getattr(document, "body", None)
    if body is None:
        return []
    blocks: list[Block] = []
    for element in body.iter("head", "p", "item", "quote", "code", "row"):
        kind = _kind(element)
        if kind is None:
            continue
        for text, link_only in _texts(element):
            for real, stand_in in joiners:
                text = text.replace(stand_in, real)
            blocks.append(Block(kind, text, link_only))
    return blocks


def _kind(element: etree._Element) -> BlockKind | None:
    """What an element of trafilatura's output is as a block; None when it is read elsewhere
    (inside another block, or a container of blocks)."""
    tag = element.tag
    if tag in ("quote", "row") and any(True for _ in element.iter(*_BLOCK_TAGS - {tag})):
        return None  # its paragraphs, items or cells come on their own
    if tag in ("p", "code") and _has_ancestor(element, "item", "code"):
        return None
    return _KINDS.get(tag, "paragraph")


def _texts(element: etree._Element) -> list[tuple[str, bool]]:
    if element.tag == "code":  # keep its lines: joining them would garble the code
        text = "".join(element.itertext())
        return [(" ".join(line.split()), False) for line in text.splitlines() if line.strip()]
    if element.tag == "row":
        cells = [" ".join("".join(cell.itertext()).split()) for cell in element.iter("cell")]
        line = " | ".join(cell for cell in cells if cell)
        return [(line, False)] if line else []
    return lines_of(element)


def lines_of(element: etree._Element) -> list[tuple[str, bool]]:
    """Lines of an element's text, split where the page had a line break (``<lb/>``), each
    with whether it is (nearly) all link text: navigation or a teaser, not prose.

    The tree is only read: marking links inside lxml text would need characters that XML
    refuses (the control characters once used here crashed on every linked paragraph)."""
    lines: list[tuple[str, bool]] = []
    line = _Line()

    def walk(node: etree._Element) -> None:
        nonlocal line
        if node.tag == "lb":
            line.close(lines)
            line = _Line()
        elif node.tag == "ref" and _leads_away(node):
            line.add_link("".join(node.itertext()))
        else:
            line.add(node.text)
            for child in node:
                walk(child)
                line.add(child.tail)

    walk(element)
    line.close(lines)
    return lines


class _Line:
    """Text of one line so far, and the text of its links."""

    __slots__ = ("links", "pieces")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.links: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.pieces.append(text)

    def add_link(self, text: str) -> None:
        self.pieces.append(text)
        if text.strip():
            self.links.append(" ".join(text.split()))

    def close(self, lines: list[tuple[str, bool]]) -> None:
        text = " ".join("".join(self.pieces).split())
        if text:
            linked = sum(len(link) for link in self.links)
            lines.append((text, linked >= LINKED_SHARE * len(text)))


def _leads_away(ref: etree._Element) -> bool:
    """A link to another page: not an anchor, nor a jump within this page ("¶", "#levy")."""
    target = ref.get("target") or ""
    return bool(target) and not target.startswith("#")


def _has_ancestor(element: etree._Element, *tags: str) -> bool:
    return any(parent.tag in tags for parent in element.iterancestors())
