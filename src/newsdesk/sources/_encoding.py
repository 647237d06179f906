"""Turn a source document's bytes into text, trusting what is most likely right.

Order: a byte-order mark wins; then the charset the caller passes (from HTTP) and the one the
document declares (XML declaration or HTML ``<meta charset>``), keeping the first under which
the bytes decode cleanly; then UTF-8; then a statistical guess. One exception: bytes that are
valid UTF-8 with multi-byte sequences are read as UTF-8 when either claim says so, because a
legacy single-byte charset almost never yields valid UTF-8 by chance, while servers often
send a wrong ``ISO-8859-1`` default.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_TEXT_DECLARATION = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])([^\"']+)([\"'])")
_SNIFF_BYTES = 4096


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_document(body: bytes, charset: str | None = None) -> Decoded:
    """Decode ``body``; warnings say when the encoding had to be guessed or was contradicted."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(name, errors="replace"), name)
    declared = _declared_charset(body[:_SNIFF_BYTES])
    claims = [name for name in (_codec(charset), _codec(declared)) if name]
    warnings = _conflict_warnings(charset, declared)
    if "utf-8" in claims and not body.isascii() and _decodes(body, "utf-8"):
        return Decoded(body.decode("utf-8"), "utf-8", warnings)
    for name in [*claims, "utf-8"]:
        if _decodes(body, name):
            return Decoded(body.decode(name), name, warnings)
    return _guess(body, claims, warnings)


def declare_utf8(text: str) -> str:
    """Rewrite an XML declaration's encoding to UTF-8 (after the text was re-encoded)."""
    return _TEXT_DECLARATION.sub(r"\g<1>utf-8\g<3>", text, count=1)


def _declared_charset(head: bytes) -> str | None:
    match = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        found = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    # A UTF-16 claim on a document without a BOM is always wrong in practice.
    return None if found.startswith(("utf-16", "utf-32")) else found


def _decodes(body: bytes, name: str) -> bool:
    try:
        body.decode(name)
    except UnicodeDecodeError:
        return False
    return True


def _conflict_warnings(charset: str | None, declared: str | None) -> list[str]:
    warnings = []
    for name in (charset, declared):
        if name and not _codec(name):
            warnings.append(f"unknown or unusable charset {name!r} ignored")
    if _codec(charset) and _codec(declared) and _codec(charset) != _codec(declared):
        warnings.append(f"the server says {charset} but the document declares {declared}")
    return warnings


def _guess(body: bytes, claims: list[str], warnings: list[str]) -> Decoded:
    best = from_bytes(body[:65536]).best()
    if best is not None and _decodes(body, best.encoding):
        said = f"the declared {'/'.join(claims)} does not fit" if claims else "no charset given"
        warnings.append(f"{said}; the text was read as {best.encoding} by guess")
        return Decoded(body.decode(best.encoding), best.encoding, warnings)
    warnings.append("the text is not valid in any likely charset; bad bytes were replaced")
    return Decoded(body.decode("utf-8", errors="replace"), "utf-8", warnings)
