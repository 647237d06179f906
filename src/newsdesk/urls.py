"""One spelling per URL, so the same article found twice is known to be the same.

``normalize_url`` is what every stage uses before comparing or storing a URL; ``site_of`` names
the site a URL belongs to. Both are pure string functions: no network, no DNS.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

__all__ = ["TRACKING_PARAMS", "TRACKING_PREFIXES", "normalize_url", "site_of"]

#: Query parameters that only say where a click came from; they never change the page.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",  # Facebook
        "gclid",  # Google Ads
        "dclid",  # Google Display
        "gbraid",  # Google Ads (iOS)
        "wbraid",  # Google Ads (web-to-app)
        "msclkid",  # Microsoft Ads
        "twclid",  # X / Twitter Ads
        "yclid",  # Yandex Direct
        "igshid",  # Instagram share
        "mc_cid",  # Mailchimp campaign
        "mc_eid",  # Mailchimp subscriber
        "_ga",  # Google Analytics cross-domain
        "_gl",  # Google Analytics linker
        "_hsenc",  # HubSpot
        "_hsmi",  # HubSpot
        "mkt_tok",  # Marketo
        "oly_anon_id",  # Omeda
        "oly_enc_id",  # Omeda
        "vero_id",  # Vero
        "wickedid",  # Wicked Reports
        "ref_src",  # X / Twitter embeds
        "ref_url",  # X / Twitter embeds
        "spm",  # Alibaba / Aliexpress
    }
)
#: Any parameter starting with one of these is tracking too (``utm_source``, ``utm_medium`` ...).
TRACKING_PREFIXES: tuple[str, ...] = ("utm_",)

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters allowed unescaped in a path or query (RFC 3986 pchar plus "/" and "?").
_SAFE_CHARS = _UNRESERVED | frozenset("!$&'()*+,;=:@/?")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_NEEDS_ESCAPING = re.compile(r"[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]")


def normalize_url(url: str, base: str | None = None) -> str:
    """Return the one spelling of ``url`` (resolved against ``base`` when it is relative).

    Rules: scheme and host lower-cased, host IDNA-encoded (``bücher.example`` →
    ``xn--bcher-kva.example``), trailing dot and default port dropped, ``.``/``..`` path segments
    resolved, empty path becomes ``/``, path case kept, percent-escapes upper-cased and decoded
    where the character needs none, non-ASCII characters percent-encoded as UTF-8, tracking
    parameters (``TRACKING_PARAMS``, ``TRACKING_PREFIXES``) removed, remaining parameters sorted,
    empty query and fragment dropped.

    Raises ``ValueError`` when the result is not an absolute URL with a host.
    """
    url = url.strip()
    if base:
        url = urljoin(base.strip(), url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if not scheme or not parts.hostname:
        raise ValueError(f"not an absolute URL: {url!r}")
    netloc = _netloc(scheme, parts.hostname, parts.port, parts.username, parts.password)
    path = _normalize_escapes(_remove_dot_segments(parts.path)) or "/"
    query = _clean_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def site_of(url: str) -> str:
    """The site a URL belongs to: its lower-case, IDNA-encoded host without ``www.``.

    Raises ``ValueError`` when ``url`` has no host.
    """
    host = urlsplit(url.strip()).hostname
    if not host:
        raise ValueError(f"URL has no host: {url!r}")
    host = _idna(host.rstrip("."))
    return host.removeprefix("www.")


def _netloc(
    scheme: str, host: str, port: int | None, user: str | None, password: str | None
) -> str:
    host = _idna(host.rstrip("."))
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if user is not None:
        auth = user if password is None else f"{user}:{password}"
        host = f"{auth}@{host}"
    return host


def _idna(host: str) -> str:
    host = host.lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        # Hosts IDNA 2003 cannot encode (e.g. some emoji) stay as written, lower-cased.
        return host


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4: resolve ``.`` and ``..`` without climbing above the root."""
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    result = "/".join(out)
    if path.startswith("/") and not result.startswith("/"):
        result = "/" + result
    return result


def _normalize_escapes(text: str) -> str:
    """Upper-case escapes, decode needless ones, encode what must be escaped."""
    if "%" not in text and not _NEEDS_ESCAPING.search(text):
        return text  # the common case, and the per-character loop below is slow

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else match.group(0).upper()

    text = _ESCAPE.sub(fix, text)
    out: list[str] = []
    for i, char in enumerate(text):
        if char in _SAFE_CHARS or (char == "%" and _ESCAPE.match(text, i)):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def _clean_query(query: str) -> str:
    # Pairs are kept as written (not re-encoded), so "+" and "%20" survive exactly.
    pairs = []
    for pair in query.split("&"):
        if not pair:
            continue
        key = unquote_plus(pair.split("=", 1)[0]).lower()
        if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
            continue
        pairs.append(_normalize_escapes(pair))
    pairs.sort(key=lambda p: (p.split("=", 1)[0], p))
    return "&".join(pairs)
