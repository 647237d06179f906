"""Conditional GET: an ETag (and Last-Modified when known), and 304 when the client has it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request, Response


def etag_of(body: bytes) -> str:
    # Weak: GZipMiddleware may change the bytes on the wire, not the meaning.
    return 'W/"' + hashlib.sha256(body).hexdigest()[:24] + '"'


def http_date(value: datetime) -> str:
    return format_datetime(value.astimezone(UTC).replace(microsecond=0), usegmt=True)


def conditional_response(
    request: Request, body: bytes, *, media_type: str, last_modified: datetime | None = None,
    cache_control: str = "public, max-age=60",
) -> Response:
    """``body`` with validators; an empty 304 when If-None-Match or If-Modified-Since say the
    client's copy is current (If-None-Match wins when both are sent, as RFC 9110 asks)."""
    headers = {"ETag": etag_of(body), "Cache-Control": cache_control}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    if _not_modified(request, headers["ETag"], last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    since = request.headers.get("if-modified-since")
    if since and last_modified is not None:
        try:
            client = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if client.tzinfo is None:
            client = client.replace(tzinfo=UTC)
        return last_modified.replace(microsecond=0) <= client
    return False
