"""Source documents → source items: feeds, news sitemaps, section pages, Telegram channels.

Pure parsers: bytes in, ``ParsedSource`` out, no network. ``parse_source`` reads a document of a
known kind; ``detect_kind`` guesses the kind; ``discover_feeds`` and ``COMMON_FEED_PATHS`` help a
caller find a site's feeds.
"""

from .detect import detect_kind
from .discover import COMMON_FEED_PATHS, discover_feeds
from .errors import SourceParseError
from .parse import MAX_BODY_BYTES, parse_source

__all__ = [
    "COMMON_FEED_PATHS",
    "MAX_BODY_BYTES",
    "SourceParseError",
    "detect_kind",
    "discover_feeds",
    "parse_source",
]
