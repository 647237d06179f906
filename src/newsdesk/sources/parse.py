"""``parse_source``: one entry point that hands a document to its kind's parser."""

from __future__ import annotations

from collections.abc import Callable

from newsdesk.records import ParsedSource, SourceKind

from .errors import SourceParseError
from .feeds import parse_feed
from .pages import parse_page
from .sitemaps import parse_sitemap
from .telegram import parse_telegram

__all__ = ["MAX_BODY_BYTES", "parse_source"]

#: Largest document any parser accepts (also the cap on a gzipped sitemap once opened).
MAX_BODY_BYTES = 50 * 1024 * 1024

_Parser = Callable[[bytes, str, str | None], ParsedSource]
_PARSERS: dict[SourceKind, _Parser] = {
    SourceKind.FEED: parse_feed,
    SourceKind.SITEMAP: parse_sitemap,
    SourceKind.PAGE: parse_page,
    SourceKind.TELEGRAM: parse_telegram,
}


def parse_source(
    kind: SourceKind,
    body: bytes,
    url: str,
    *,
    content_type: str = "",
    charset: str | None = None,
) -> ParsedSource:
    """Read the items of one fetched source document.

    ``url`` is the final URL (after redirects): relative links resolve against it.
    ``charset`` is the fetcher's guess (HTTP header, BOM or sniffed); the document's own
    declaration is weighed against it. ``content_type`` is only used in error messages.
    Raises SourceParseError, with a sentence saying what is wrong and what to do, when nothing
    usable can be read; recoverable problems are listed in ``ParsedSource.warnings``.
    """
    if len(body) > MAX_BODY_BYTES:
        raise SourceParseError(
            f"the document is {len(body) // 1_048_576} MB, over the {MAX_BODY_BYTES // 1_048_576}"
            " MB limit; use a smaller feed or sitemap"
        )
    try:
        return _PARSERS[SourceKind(kind)](body, url, charset)
    except SourceParseError:
        raise
    except Exception as error:  # a parser bug or a library's surprise must not crash the caller
        served = f" (served as {content_type})" if content_type else ""
        raise SourceParseError(
            f"the {kind} parser could not read {url}{served}: {type(error).__name__}: {error}; "
            "check the source kind, or report the document if it looks right"
        ) from error
