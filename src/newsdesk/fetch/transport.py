"""The single place that speaks HTTP: one aiohttp session, one request per call.

Kept behind :class:`~newsdesk.fetch.Fetcher` so the HTTP library can change (say, to one
with HTTP/2) without touching redirects, robots or politeness. aiohttp errors never leave
this module: each becomes a :class:`FetchError` with its reason code.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass

import aiohttp
from aiohttp.abc import AbstractResolver
from aiohttp.resolver import DefaultResolver

from . import errors
from .errors import FetchError
from .guard import GuardedResolver, PrivateHostError, guarded_socket, refused_address
from .settings import FetchSettings

_CHUNK = 64 * 1024
_DNS_CACHE_SECONDS = 60


@dataclass(frozen=True)
class Reply:
    """One HTTP response; ``body`` is read only for 2xx statuses (empty otherwise)."""

    status: int
    phrase: str
    headers: dict[str, str]  # lower-cased names; repeated headers joined with ", "
    body: bytes
    url: str


class Transport:
    """Owns the aiohttp session (connection pool, keep-alive, DNS cache, decompression)."""

    def __init__(self, settings: FetchSettings) -> None:
        self._settings = settings
        self._session: aiohttp.ClientSession | None = None
        self._guard: GuardedResolver | None = None

    async def open(self) -> None:
        s = self._settings
        resolver: AbstractResolver | None = None  # None: aiohttp's default, owned by it
        if not s.allow_private:
            # Wraps the resolver aiohttp would use anyway (aiodns if installed, else threads).
            resolver = self._guard = GuardedResolver(DefaultResolver())
        connector = aiohttp.TCPConnector(
            limit=s.total_concurrency,
            limit_per_host=0,  # per-host limits live in HostGate, which also paces requests
            resolver=resolver,
            ttl_dns_cache=_DNS_CACHE_SECONDS,  # caches the *filtered* answers only
            socket_factory=None if s.allow_private else guarded_socket,  # the address check
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=aiohttp.ClientTimeout(
                total=None,  # enforced per fetch, across redirects, in get()
                connect=s.connect_timeout,
                sock_connect=s.connect_timeout,
                sock_read=s.read_timeout,
            ),
            headers={"User-Agent": s.user_agent},
            auto_decompress=True,  # gzip, deflate and (with brotli installed) br
            trust_env=False,  # a proxy from the environment would bypass the address guard
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._guard is not None:
            await self._guard.close()  # the connector does not close resolvers it was given
            self._guard = None

    async def get(
        self, url: str, headers: dict[str, str], *, timeout: float, max_bytes: int
    ) -> Reply:
        """GET ``url`` without following redirects, within ``timeout`` seconds overall."""
        if self._session is None:
            raise RuntimeError("Fetcher is not open; use 'async with Fetcher(...) as fetcher'")
        try:
            async with asyncio.timeout(max(timeout, 0.001)):
                return await self._get(self._session, url, headers, max_bytes)
        except FetchError:
            raise
        except TimeoutError as exc:
            raise self._timeout_error(url, exc) from None
        except PrivateHostError as exc:
            raise errors.private_address(url, exc.ip) from None
        except (aiohttp.ClientError, ssl.SSLError, OSError) as exc:
            raise _client_error(url, exc) from None

    async def _get(
        self, session: aiohttp.ClientSession, url: str, headers: dict[str, str], max_bytes: int
    ) -> Reply:
        async with session.get(url, headers=headers, allow_redirects=False) as resp:
            reply_headers = _lower_headers(resp)
            body = b""
            if 200 <= resp.status < 300:
                if resp.content_length is not None and resp.content_length > max_bytes:
                    raise errors.too_large(url, max_bytes)
                body = await _read_limited(resp, url, max_bytes)
            return Reply(resp.status, resp.reason or "", reply_headers, body, url)

    def _timeout_error(self, url: str, exc: BaseException) -> FetchError:
        s = self._settings
        if isinstance(exc, aiohttp.ConnectionTimeoutError):
            return errors.timed_out(url, "connect", s.connect_timeout)
        if isinstance(exc, aiohttp.SocketTimeoutError):
            return errors.timed_out(url, "read (time between bytes)", s.read_timeout)
        return errors.timed_out(url, "total", s.total_timeout)


async def _read_limited(resp: aiohttp.ClientResponse, url: str, max_bytes: int) -> bytes:
    # Counts decoded bytes, so a small compressed body that inflates hugely is caught too.
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise errors.too_large(url, max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _lower_headers(resp: aiohttp.ClientResponse) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in resp.headers.items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _client_error(url: str, exc: BaseException) -> FetchError:
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return errors.dns_failed(url, exc.host)
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError | aiohttp.ServerFingerprintMismatch):
        return errors.tls_failed(url, _detail(exc))
    if isinstance(exc, aiohttp.InvalidURL):
        return errors.bad_url(url, f"aiohttp cannot use it ({_detail(exc)})")
    if isinstance(exc, aiohttp.ClientConnectorError):
        refused = refused_address(exc.os_error)
        if refused:
            return errors.private_address(url, refused)
        return errors.connect_failed(url, _detail(exc.os_error))
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return errors.connect_failed(url, "the server closed the connection without answering")
    if isinstance(exc, aiohttp.ClientPayloadError):
        return errors.connect_failed(url, "the response body was cut off or badly encoded")
    return errors.connect_failed(url, _detail(exc))


def _detail(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    return text[:200] if text else type(exc).__name__
