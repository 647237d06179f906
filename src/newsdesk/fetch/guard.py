"""Refuse to fetch from private networks: the fetcher must not become a way into the LAN.

Two checks, because either alone can be dodged: URLs with an IP literal are judged before
the request (aiohttp connects to literals without asking a resolver), and host names are
judged *at connection time* by :class:`GuardedResolver`, which filters what DNS returned.
Judging names only up front would let a DNS server answer "public" to the check and
"127.0.0.1" to the connection (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import SplitResult, urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult

from . import errors

_SCHEMES = frozenset({"http", "https"})
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")
_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public_address(ip: str | IPAddress) -> bool:
    """True if ``ip`` is a globally routable unicast address we may connect to.

    False for loopback, private, link-local, multicast, reserved, unspecified and CGNAT
    (100.64.0.0/10) addresses, for IPv6 forms that embed such an IPv4 address (mapped,
    6to4, Teredo, NAT64), and for anything that is not an IP address at all.
    """
    try:
        addr = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(addr)
        if embedded is not None:
            return is_public_address(embedded)
    elif addr in _CGNAT:
        return False
    return addr.is_global and not (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
    )


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr.teredo is not None:
        return addr.teredo[1]  # the client's address; the server part is public anyway
    if addr in _NAT64:
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def check_url(url: str) -> None:
    """Raise ``FetchError(reason="bad_url")`` unless ``url`` is a fetchable http(s) URL.

    Refused: other schemes, a missing host, credentials (``user:pass@``) and bad ports.
    This is a syntax check only; whether the host is private is decided at connection time.
    """
    _split(url)


def _split(url: str) -> SplitResult:
    if not isinstance(url, str) or not url.strip():
        raise errors.bad_url(str(url), "the address is empty")
    if _SPACE_OR_CONTROL.search(url):
        raise errors.bad_url(url, "the address contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError when out of range or not a number
    except ValueError as exc:
        raise errors.bad_url(url, f"it is not a valid URL ({exc})") from None
    if parts.scheme.lower() not in _SCHEMES:
        raise errors.bad_url(url, f"the scheme {parts.scheme or '(none)'!r} is not http(s)")
    if not parts.hostname:
        raise errors.bad_url(url, "it has no host name")
    if parts.username is not None or parts.password is not None:
        raise errors.bad_url(url, "it carries a user name or password, which we never send")
    if port == 0:
        raise errors.bad_url(url, "port 0 is not a real port")
    return parts


def refuse_private_literal(url: str) -> None:
    """Raise ``private_address`` if ``url``'s host is an IP literal that is not public."""
    host = _split(url).hostname or ""
    try:
        addr = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return  # a name: GuardedResolver judges it when we connect
    if not is_public_address(addr):
        raise errors.private_address(url, str(addr))


class PrivateHostError(Exception):
    """Raised by :class:`GuardedResolver`; the fetcher turns it into a ``FetchError``.

    Deliberately not an ``OSError``, so aiohttp lets it through instead of calling it a
    DNS failure.
    """

    def __init__(self, host: str, ip: str) -> None:
        super().__init__(f"{host} resolves only to non-public addresses, e.g. {ip}")
        self.host = host
        self.ip = ip


class GuardedResolver(AbstractResolver):
    """Wraps a resolver and drops every non-public address it returns.

    When nothing is left, raises :class:`PrivateHostError`, so the connection is never
    opened. Because aiohttp resolves right before connecting, this also holds when a name's
    DNS answer changes between an earlier check and the connection.
    """

    def __init__(self, inner: AbstractResolver) -> None:
        self._inner = inner

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        allowed = [r for r in results if is_public_address(r["host"].split("%")[0])]
        if not allowed:
            refused = results[0]["host"] if results else "no address"
            raise PrivateHostError(host, refused)
        return allowed

    async def close(self) -> None:
        await self._inner.close()
