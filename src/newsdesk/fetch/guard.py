"""Refuse to fetch from private networks: the fetcher must not become a way into the LAN.

The check is made on the address a socket is about to connect to (:func:`guarded_socket`,
aiohttp's socket factory), for the first request and every redirect alike, so no spelling
of a host (``１２７.０.０.１``, ``0x7f000001``, a name whose DNS answer changes between two
lookups) can differ between what is checked and what is reached. :class:`GuardedResolver`
only chooses: it drops the private answers of a name, so a name with both kinds still
connects to a public one.
"""

from __future__ import annotations

import errno
import ipaddress
import re
import socket
from typing import Any
from urllib.parse import SplitResult, urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult

from newsdesk.urls import normalize_host

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
    try:
        normalize_host(parts.hostname)
    except ValueError as exc:
        raise errors.bad_url(url, str(exc)) from None
    return parts


class PrivateAddressRefused(OSError):
    """Raised by :func:`guarded_socket` instead of connecting to a non-public address."""

    def __init__(self, ip: str) -> None:
        super().__init__(errno.EACCES, f"{ip} is not a public address")
        self.ip = ip


def guarded_socket(addr_info: tuple[Any, ...]) -> socket.socket:
    """aiohttp's socket factory: a socket for ``addr_info``, unless its address is private.

    Every connection the fetcher opens passes here with the exact address it will connect
    to, whether the URL named an IP literal or a name, on the first hop or after a redirect.
    """
    family, type_, proto, _canonname, sockaddr = addr_info
    ip = str(sockaddr[0]).split("%")[0]
    if not is_public_address(ip):
        raise PrivateAddressRefused(ip)
    return socket.socket(family=family, type=type_, proto=proto)


def refused_address(exc: BaseException | None) -> str | None:
    """The address :func:`guarded_socket` refused, if that is what ``exc`` reports."""
    if isinstance(exc, PrivateAddressRefused):
        return exc.ip
    # Happy Eyeballs folds several refusals into one OSError that keeps only the text.
    if isinstance(exc, OSError) and exc.errno == errno.EACCES:
        match = re.search(r"(\S+) is not a public address", str(exc))
        if match:
            return match.group(1)
    return None


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
