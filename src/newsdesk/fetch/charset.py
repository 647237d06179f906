"""Find the character set of a response body, the way a careful browser would."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (  # longest first: a UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels that mean something wider in practice: pages labelled latin-1 or ascii use
# windows-1252 punctuation (0x80-0x9F) all the time, so browsers decode them as cp1252.
_WIDER = {"iso8859-1": "cp1252", "ascii": "cp1252"}
_HEAD_BYTES = 2048
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""")
_BINARY_TYPES = (
    "image/",
    "audio/",
    "video/",
    "font/",
    "application/octet-stream",
    "application/pdf",
    "application/zip",
    "application/gzip",
)


def codec_name(label: str) -> str | None:
    """The normalised Python codec name for a charset label, or None if Python has none."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    return _WIDER.get(name, name)


def detect_charset(content_type: str, body: bytes) -> str | None:
    """The codec to decode ``body`` with: header, else BOM, else in-document, else sniffed.

    ``content_type`` is the raw Content-Type header value (may be empty). Returns a
    normalised Python codec name (``"utf-8"``, ``"cp1251"``, ``"utf-8-sig"`` ...), or None
    for an empty or binary body with no declared charset.
    """
    from_bom = _from_bom(body)
    match = _HEADER_CHARSET.search(content_type)
    declared = codec_name(match.group(1)) if match else None
    if declared:
        # A UTF-8 BOM under a utf-8 header must still be stripped when decoding.
        return "utf-8-sig" if declared == "utf-8" and from_bom == "utf-8-sig" else declared
    if from_bom:
        return from_bom
    in_document = _from_document(body[:_HEAD_BYTES])
    if in_document:
        return in_document
    return _sniff(content_type, body)


def _from_bom(body: bytes) -> str | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    return None


def _from_document(head: bytes) -> str | None:
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            name = codec_name(match.group(1).decode("ascii", "replace"))
            if name:
                # The declaration was readable as ASCII, so the text cannot really be
                # UTF-16/32; browsers treat such a declaration as UTF-8, and so do we.
                return "utf-8" if name.startswith(("utf-16", "utf-32")) else name
    return None


def _sniff(content_type: str, body: bytes) -> str | None:
    mime = content_type.split(";")[0].strip().lower()
    if not body or mime.startswith(_BINARY_TYPES):
        return None
    if "json" in mime:
        return "utf-8"  # RFC 8259: JSON exchanged between systems is UTF-8
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"  # valid UTF-8 (incl. plain ASCII) is almost never anything else
    best = from_bytes(body).best()
    if best is None:
        return None
    return codec_name(best.encoding)
