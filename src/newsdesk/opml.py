"""OPML 1.0/2.0 reading and writing: the reading lists feed readers exchange.

Nested outlines are folders; an outline with ``xmlUrl`` is a subscription. Reading never
resolves entities or fetches anything, and refuses files past a size limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

MAX_OPML_BYTES = 20 * 1024 * 1024
MAX_OUTLINES = 100_000  # the default of NEWSDESK_MAX_OPML_OUTLINES
FOLDER_SEPARATOR = "/"
NEWSDESK_NS = "https://newsdesk.invalid/opml"  # our own attributes (source kind) live here


class OpmlError(ValueError):
    """The file is not OPML newsdesk can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Outline:
    """One subscription from an OPML file."""

    url: str
    title: str | None = None
    html_url: str | None = None
    folder: str | None = None
    kind: str | None = None  # newsdesk's own kind, when the file came from newsdesk
    line: int | None = None


def read_opml(data: bytes, *, max_outlines: int = MAX_OUTLINES) -> list[Outline]:
    """Every subscription in the file, in order, with its folder path (``News/Agencies``).

    A file with more than ``max_outlines`` outlines is refused whole (nothing imported), so
    an import is never cut off half-way."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"the file is {len(data) // 1024 // 1024} MB; OPML files over"
                        f" {MAX_OPML_BYTES // 1024 // 1024} MB are refused")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"the file is not well-formed XML ({exc}); check that it is an OPML"
                        " export") from exc
    if root.tag != "opml":
        raise OpmlError(f"the file's root element is <{root.tag}>, not <opml>")
    body = root.find("body")
    if body is None:
        raise OpmlError("the OPML file has no <body>")
    count = sum(1 for _ in body.iter("outline"))
    if count > max_outlines:
        raise OpmlError(f"the file has {count:,} outlines, over the limit of {max_outlines:,};"
                        " split it, or raise NEWSDESK_MAX_OPML_OUTLINES")
    return list(_walk(body, ()))


def _walk(node: etree._Element, folders: tuple[str, ...]) -> Iterable[Outline]:
    for child in node.iterchildren("outline"):
        title = (child.get("title") or child.get("text") or "").strip() or None
        url = (child.get("xmlUrl") or child.get("xmlurl") or "").strip()
        if url:
            yield Outline(
                url=url, title=title,
                html_url=(child.get("htmlUrl") or child.get("htmlurl") or "").strip() or None,
                folder=FOLDER_SEPARATOR.join(folders) or None,
                kind=child.get(f"{{{NEWSDESK_NS}}}kind"), line=child.sourceline,
            )
        if len(child):
            name = (title or "").replace(FOLDER_SEPARATOR, "-")
            yield from _walk(child, (*folders, name) if name and not url else folders)


def write_opml(outlines: Iterable[Outline], *, title: str = "newsdesk sources") -> bytes:
    """OPML 2.0, one nested outline per folder level."""
    root = etree.Element("opml", version="2.0", nsmap={"newsdesk": NEWSDESK_NS})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC))
    body = etree.SubElement(root, "body")
    folders: dict[str, etree._Element] = {}
    for outline in outlines:
        parent = _folder(body, folders, outline.folder)
        attrs = {"type": "rss", "text": outline.title or outline.url,
                 "title": outline.title or outline.url, "xmlUrl": outline.url}
        if outline.html_url:
            attrs["htmlUrl"] = outline.html_url
        element = etree.SubElement(parent, "outline", attrs)
        if outline.kind:
            element.set(f"{{{NEWSDESK_NS}}}kind", outline.kind)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _folder(body: etree._Element, folders: dict[str, etree._Element],
            path: str | None) -> etree._Element:
    if not path:
        return body
    if path not in folders:
        parent_path, _, name = path.rpartition(FOLDER_SEPARATOR)
        parent = _folder(body, folders, parent_path or None)
        folders[path] = etree.SubElement(parent, "outline", text=name, title=name)
    return folders[path]
