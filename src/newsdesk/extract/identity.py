"""Which URL is the article's identity, and what a canonical URL says about its origin.

A page's ``rel=canonical`` (or ``og:url``) on the same site names the article's own address.
One on another site does not: a republisher that declares the agency's URL as canonical is
still a page of its own, and must not merge into the agency's article. That foreign URL is
kept as evidence of where the story came from.
"""

from __future__ import annotations

from urllib.parse import urlsplit

_PREFIXES = ("www.", "m.", "amp.", "mobile.")


def identity(page_url: str, canonical: str | None) -> tuple[str | None, str | None]:
    """(canonical URL to use as identity, foreign URL to keep as origin evidence)."""
    if not canonical:
        return None, None
    page_host, canonical_host = _host(page_url), _host(canonical)
    if not page_host or not canonical_host:
        return (canonical, None) if not page_host else (None, None)
    if same_site(page_host, canonical_host):
        return canonical, None
    return None, canonical


def same_site(first: str, second: str) -> bool:
    """One host, or one inside the other ("edition.example.com" and "example.com")."""
    a, b = _bare(first), _bare(second)
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def _bare(host: str) -> str:
    for prefix in _PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix):]
    return host
