"""The one exception the fetcher raises, with a sentence for each way a fetch can fail."""

from __future__ import annotations

from typing import Literal

Reason = Literal[
    "dns",
    "connect",
    "timeout",
    "tls",
    "too_large",
    "redirects",
    "private_address",
    "http_status",
    "robots",
    "bad_url",
]


class FetchError(Exception):
    """A fetch that did not give a usable response.

    ``reason`` is a short code callers can branch on (see :data:`Reason`); ``str(error)`` is
    one sentence for people saying what happened and what to do next. ``status`` is set for
    ``http_status`` errors, ``retry_after`` (seconds) when a 429/503 said when to come back,
    and ``headers`` (lower-cased names) whenever the server answered at all.
    """

    def __init__(
        self,
        url: str,
        reason: Reason,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.reason: Reason = reason
        self.status = status
        self.retry_after = retry_after
        self.headers: dict[str, str] = headers or {}

    def __repr__(self) -> str:
        return f"FetchError(url={self.url!r}, reason={self.reason!r}, status={self.status!r})"


def bad_url(url: str, why: str) -> FetchError:
    return FetchError(
        url, "bad_url", f"cannot fetch {url!r}: {why}; give a full http:// or https:// address"
    )


def private_address(url: str, ip: str) -> FetchError:
    return FetchError(
        url,
        "private_address",
        f"refused to fetch {url}: its host resolves to a private address ({ip}); "
        "pass --allow-private or set NEWSDESK_ALLOW_PRIVATE=1 to allow it",
    )


def dns_failed(url: str, host: str) -> FetchError:
    return FetchError(
        url,
        "dns",
        f"could not fetch {url}: the host name {host!r} could not be resolved (DNS lookup "
        "failed); check the address for typos, or try again later if the name is right",
    )


def connect_failed(url: str, detail: str) -> FetchError:
    return FetchError(
        url,
        "connect",
        f"could not fetch {url}: the connection failed ({detail}); check that the site is up "
        "and the address and port are right, then try again later",
    )


def tls_failed(url: str, detail: str) -> FetchError:
    return FetchError(
        url,
        "tls",
        f"could not fetch {url}: the secure (TLS) connection failed ({detail}); check the "
        "site's certificate, or whether the address should use http:// instead",
    )


def timed_out(url: str, which: str, seconds: float) -> FetchError:
    return FetchError(
        url,
        "timeout",
        f"gave up on {url}: the {which} timeout of {seconds:g} s ran out; try again later, "
        "or raise the timeout if this site is just slow",
    )


def too_large(url: str, max_bytes: int, setting: str = "max_bytes") -> FetchError:
    return FetchError(
        url,
        "too_large",
        f"stopped fetching {url}: the response is larger than the {max_bytes:,} byte limit; "
        f"raise {setting} if this source is legitimately that large",
    )


def too_many_redirects(url: str, max_redirects: int, loop: bool) -> FetchError:
    what = "redirects in a loop" if loop else f"redirects more than {max_redirects} times"
    return FetchError(
        url,
        "redirects",
        f"stopped fetching {url}: it {what}; open the address in a browser to find where the "
        "content really lives and follow that address instead",
    )


def robots_disallowed(url: str, user_agent: str) -> FetchError:
    return FetchError(
        url,
        "robots",
        f"not fetching {url}: the site's robots.txt disallows it for {user_agent!r}; drop "
        "this source or ask the site for permission (respect_robots=False overrides)",
    )


def http_status(
    url: str,
    status: int,
    phrase: str,
    headers: dict[str, str],
    retry_after: float | None,
) -> FetchError:
    if retry_after is not None:
        advice = f"the server asks us to wait {retry_after:g} s before trying again"
    elif status >= 500:
        advice = "the server has a problem; try again later"
    elif status in (401, 403):
        advice = "the site refuses us; it may need a login or block automated readers"
    elif status in (404, 410):
        advice = "the page is gone; check the address or remove it from the source"
    else:
        advice = "check the address and the source's settings"
    return FetchError(
        url,
        "http_status",
        f"fetching {url} failed with HTTP {status} {phrase}".rstrip() + f"; {advice}",
        status=status,
        retry_after=retry_after,
        headers=headers,
    )


def retarget(error: FetchError, url: str) -> FetchError:
    """The same error, told about ``url`` (e.g. the page whose robots.txt check failed)."""
    return FetchError(
        url,
        error.reason,
        str(error).replace(error.url, url),
        status=error.status,
        retry_after=error.retry_after,
        headers=error.headers,
    )
