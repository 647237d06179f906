"""One spelling per URL, so the same article found twice is known to be the same.

``normalize_url`` is what every stage uses before comparing or storing a URL; ``site_of`` names
the site a URL belongs to; ``normalize_host`` gives a host the one spelling a connection will
use (so the private-address guard and the HTTP client never read a host differently). All are
pure string functions: no network, no DNS.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote, unquote_plus, urljoin, urlsplit, urlunsplit

import idna

__all__ = [
    "TRACKING_PARAMS",
    "TRACKING_PREFIXES",
    "fetch_form",
    "normalize_host",
    "normalize_url",
    "site_of",
]

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
# Every spelling of the label separator UTS #46 and browsers accept ("127。0。0。1").
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
# WHATWG's forbidden host code points (plus "%" once decoded): no host may contain them.
_FORBIDDEN_IN_HOST = re.compile(r"[\x00-\x20\x7f#%/:<>?@\[\\\]^|]")
_IPV4_PART = re.compile(r"^(0[xX][0-9A-Fa-f]*|0[0-7]*|[1-9][0-9]*)$")


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

    Raises ``ValueError`` when ``url`` has no host, or one that cannot be a host.
    """
    host = urlsplit(url.strip()).hostname
    if not host:
        raise ValueError(f"URL has no host: {url!r}")
    return normalize_host(host).removeprefix("www.")


def fetch_form(url: str) -> str:
    """``url`` with its scheme and host in the one spelling a connection uses, the rest as
    given: what the fetcher asks for, so the host it checks is the host it reaches.

    Raises ``ValueError`` when there is no host or the host cannot be a real one.
    """
    parts = urlsplit(url.strip())
    if not parts.hostname:
        raise ValueError(f"not an absolute URL: {url!r}")
    scheme = parts.scheme.lower()
    netloc = _netloc(scheme, parts.hostname, parts.port, parts.username, parts.password)
    return urlunsplit((scheme, netloc, parts.path, parts.query, ""))


# Hosts repeat (every article of a site, every fetch of a feed); spelling one costs 3-50 us
# (NFKC, IDNA, an IPv4 check), a cached answer ~0.1. Bad hosts raise and are not cached.
@lru_cache(maxsize=4096)
def normalize_host(host: str) -> str:
    """The one spelling of a host, as a browser (WHATWG URL) and the HTTP client read it.

    Percent-escapes decoded, Unicode compatibility forms folded (full-width digits and
    letters, ideographic dots ``。``), IDNA-encoded (UTS #46, as yarl does, so invisible
    characters are dropped before anything else looks), lower-cased, trailing dot dropped;
    an IPv4 address in any form (``0x7f000001``, ``2130706433``, ``127.1``, ``0177.0.0.1``)
    as a dotted quad; an IPv6 address compressed (no brackets). Raises ``ValueError`` for a
    host no browser would connect to (a bad IPv4 number, a forbidden character).
    """
    try:
        text = unquote(host.strip("[]"), errors="strict")
    except UnicodeDecodeError as exc:
        raise ValueError(f"the host {host!r} is not valid UTF-8 once decoded") from exc
    text = unicodedata.normalize("NFKC", text).translate(_DOTS).lower()
    if ":" in text:
        return _ipv6(text, host)
    text = _idna(text, host)
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    if _FORBIDDEN_IN_HOST.search(text) or not text:
        raise ValueError(f"the host {host!r} contains characters no host name may contain")
    if _ends_in_number(text):
        return _ipv4(text, host)
    return text


def _ipv6(text: str, original: str) -> str:
    try:
        return ipaddress.IPv6Address(text).compressed
    except ValueError as exc:
        raise ValueError(f"the host {original!r} is not a valid IPv6 address") from exc


def _ends_in_number(host: str) -> bool:
    last = host.split(".")[-1]
    if last.isascii() and last.isdigit():
        return True
    return last[:2] == "0x" and all(c in "0123456789abcdef" for c in last[2:])


def _ipv4(host: str, original: str) -> str:
    """WHATWG's IPv4 parser: 1 to 4 parts, each decimal, octal (0...) or hex (0x...), the
    last filling the bytes that remain."""
    parts = host.split(".")
    numbers: list[int] = []
    for part in parts:
        if not _IPV4_PART.match(part):
            raise ValueError(f"the host {original!r} is neither a name nor an IPv4 address")
        base = 16 if part[:2] in ("0x", "0X") else 8 if len(part) > 1 and part[0] == "0" else 10
        digits = part[2:] if base == 16 else part
        numbers.append(int(digits, base) if digits else 0)
    *head, last = numbers
    if len(parts) > 4 or any(n > 255 for n in head) or last >= 256 ** (5 - len(parts)):
        raise ValueError(f"the host {original!r} is not a valid IPv4 address")
    value = last + sum(n << (8 * (3 - i)) for i, n in enumerate(head))
    return str(ipaddress.IPv4Address(value))


def _netloc(
    scheme: str, host: str, port: int | None, user: str | None, password: str | None
) -> str:
    host = normalize_host(host)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if user is not None:
        auth = user if password is None else f"{user}:{password}"
        host = f"{auth}@{host}"
    return host


def _idna(text: str, original: str) -> str:
    if text.isascii():
        return text
    try:
        return idna.encode(text, uts46=True).decode("ascii")
    except idna.IDNAError:
        pass
    try:  # what yarl falls back to as well
        return text.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"the host {original!r} is not a name IDNA can spell") from None


# Dot segments as WHATWG's URL standard reads them: escaped dots count (``%2e``, ``.%2E``),
# or a second normalisation would remove what the first left after decoding the escape.
_SINGLE_DOT = frozenset([".", "%2e"])
_DOUBLE_DOT = frozenset(["..", ".%2e", "%2e.", "%2e%2e"])


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4: resolve ``.`` and ``..`` without climbing above the root."""
    if "." not in path and "%2e" not in path.lower():
        return path
    out: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        dots = segment.lower()
        if dots in _SINGLE_DOT:
            if last:
                out.append("")
        elif dots in _DOUBLE_DOT:
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
