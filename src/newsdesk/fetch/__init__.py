"""newsdesk.fetch: the only part of newsdesk that talks to the network.

Use one :class:`Fetcher` per process::

    async with Fetcher(FetchSettings()) as fetcher:
        result = await fetcher.fetch("https://outlet.example/feed.xml", etag=old_etag)

Every failure is a :class:`FetchError` with a ``reason`` code and a one-sentence message.
"""

from .charset import detect_charset
from .client import Fetcher
from .errors import FetchError
from .guard import check_url, is_public_address
from .settings import FetchSettings

__all__ = [
    "FetchError",
    "FetchSettings",
    "Fetcher",
    "check_url",
    "detect_charset",
    "is_public_address",
]
