"""Sitemaps → source items: ``<urlset>`` entries (with Google News and image extensions) and
``<sitemapindex>`` children. Gzipped bodies are opened with a size cap."""

from __future__ import annotations

import zlib

from lxml import etree

from newsdesk.records import ParsedSource, SourceItem, SourceKind
from newsdesk.urls import normalize_url

from ._dates import parse_datetime
from ._html import collapse_spaces
from ._sniff import GZIP_MAGIC
from .errors import SourceParseError

__all__ = ["MAX_SITEMAP_BYTES", "parse_sitemap"]

#: Largest sitemap accepted once decompressed (the sitemaps.org limit is 50 MB).
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_CHUNK = 1024 * 1024


def parse_sitemap(body: bytes, url: str, charset: str | None = None) -> ParsedSource:
    """Items of a news sitemap, or ``child_urls`` of a sitemap index."""
    del charset  # XML carries its own encoding; lxml reads the declaration and BOM
    data = _gunzip(body) if body.startswith(GZIP_MAGIC) else body
    # A parser per call: its error log belongs to this document alone.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise SourceParseError(f"this sitemap is not XML ({error}); check the URL") from error
    if root is None:
        raise SourceParseError("this sitemap is empty or not XML; check the URL")
    warnings = [f"the sitemap is not well-formed XML ({e.message})" for e in parser.error_log[:1]]
    name = _local_name(root)
    if name == "sitemapindex":
        locs = (_absolute(_child(node, "loc"), url) for node in _children(root, "sitemap"))
        children = list(dict.fromkeys(loc for loc in locs if loc))
        return ParsedSource(SourceKind.SITEMAP, [], child_urls=children, warnings=warnings)
    if name != "urlset":
        raise SourceParseError(
            f"this XML document is a <{name}>, not a sitemap (<urlset> or <sitemapindex>); "
            "add it with the kind that fits"
        )
    items = [item for node in _children(root, "url") if (item := _item(node, url))]
    return ParsedSource(SourceKind.SITEMAP, items, warnings=warnings)


def _gunzip(body: bytes) -> bytes:
    """Decompress in chunks, stopping as soon as the output passes the cap."""
    inflater = zlib.decompressobj(wbits=31)
    out = bytearray()
    data = body
    try:
        while not inflater.eof:
            chunk = inflater.decompress(data, _CHUNK)
            out += chunk
            if len(out) > MAX_SITEMAP_BYTES:
                raise SourceParseError(
                    f"this gzipped sitemap opens to more than {MAX_SITEMAP_BYTES // 1_048_576} MB;"
                    " it is refused as too large (split it with a sitemap index)"
                )
            data = inflater.unconsumed_tail
            if not chunk and not data:
                break  # input ran out before the end of the stream
    except zlib.error as error:
        raise SourceParseError(f"this gzipped sitemap is corrupt ({error}); refetch it") from error
    if not inflater.eof:
        raise SourceParseError("this gzipped sitemap is cut short (corrupt); refetch it")
    return bytes(out)


def _item(node: etree._Element, base: str) -> SourceItem | None:
    try:
        url = normalize_url(_child(node, "loc") or "", base)
    except ValueError:
        return None
    news = _first(node, "news")
    publication = _first(news, "publication") if news is not None else None
    keywords = _child(news, "keywords") if news is not None else None
    image = _first(node, "image")
    return SourceItem(
        url=url,
        title=_child(news, "title") if news is not None else None,
        published=parse_datetime(_child(news, "publication_date")) if news is not None else None,
        updated=parse_datetime(_child(node, "lastmod")),
        language=_child(publication, "language") if publication is not None else None,
        image=_absolute(_child(image, "loc"), base) if image is not None else None,
        tags=tuple(k.strip() for k in (keywords or "").split(",") if k.strip()),
    )


def _children(node: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in node if _local_name(c) == name]


def _local_name(node: etree._Element) -> str:
    # Not etree.QName: it refuses the odd names a recovering parse can leave behind.
    tag = node.tag if isinstance(node.tag, str) else ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _first(node: etree._Element, name: str) -> etree._Element | None:
    found = _children(node, name)
    return found[0] if found else None


def _child(node: etree._Element | None, name: str) -> str | None:
    found = _first(node, name) if node is not None else None
    text = collapse_spaces("".join(found.itertext())) if found is not None else ""
    return text or None


def _absolute(url: str | None, base: str) -> str | None:
    try:
        return normalize_url(url or "", base)
    except ValueError:
        return None
