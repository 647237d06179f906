"""Cheap looks at a document's first bytes: what its root element is, whether it is JSON."""

from __future__ import annotations

import codecs
import re
import zlib

GZIP_MAGIC = b"\x1f\x8b"
_HEAD_BYTES = 8192
# Skip the XML declaration, processing instructions, comments and a DOCTYPE (with an internal
# subset) to reach the first element's name.
_PROLOGUE = re.compile(
    rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*", re.S | re.I
)
_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_JSON_FEED_VERSION = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org/version/', re.I)


def head_of(body: bytes) -> bytes:
    """The first few KB as ASCII-compatible bytes: BOM removed, UTF-16 transcoded, gzip opened."""
    head = body[:_HEAD_BYTES]
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(body[:65536], _HEAD_BYTES)
        except zlib.error:
            return b""
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(name, errors="ignore").encode("utf-8")
    return head.removeprefix(codecs.BOM_UTF8)


def root_element(head: bytes) -> str | None:
    """Local name of the first element, lower-cased (``rdf:RDF`` → ``rdf``), or None."""
    prologue = _PROLOGUE.match(head)
    start = prologue.end() if prologue else 0
    match = _ELEMENT.match(head, start)
    if not match:
        return None
    return match.group(1).decode("ascii", "replace").rsplit(":", 1)[-1].lower()


def is_json_feed(head: bytes) -> bool:
    return head.lstrip().startswith(b"{") and bool(_JSON_FEED_VERSION.search(head))


def is_html(head: bytes) -> bool:
    root = root_element(head)
    if root == "html":
        return True
    lowered = head.lower()
    return root in {"head", "body", "meta", "div", "title"} or b"<!doctype html" in lowered
