"""Fetching a picture: the same guarded fetcher as pages (private addresses refused, robots.txt,
politeness, size and time limits), asking for the formats we can re-encode."""

from __future__ import annotations

from .client import Fetcher

IMAGE_ACCEPT = "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1"


async def fetch_image(fetcher: Fetcher, url: str) -> bytes:
    """The picture's bytes; a `FetchError` when it cannot be fetched. What the bytes are is
    judged from the bytes themselves (`newsdesk.images`), not the server's Content-Type."""
    result = await fetcher.fetch(url, accept=IMAGE_ACCEPT)
    return result.body
