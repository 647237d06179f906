"""The private-address guard: literal IPs, names resolving privately, redirects, URL checks."""

from __future__ import annotations

import socket

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from newsdesk.fetch import Fetcher, FetchError, FetchSettings, check_url, guard, is_public_address

from .conftest import LOCAL, Serve, app_with

REFUSING = FetchSettings(per_host_delay=0.0)  # the default: allow_private=False


@pytest.mark.parametrize(
    "ip",
    [
        "127.0.0.1",
        "10.4.5.6",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata service
        "100.64.0.1",  # CGNAT
        "0.0.0.0",
        "224.0.0.251",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::5",
        "ff02::1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "2002:7f00:1::",  # 6to4 wrapping 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 wrapping 10.0.0.1
        "not an address",
    ],
)
def test_non_public_addresses(ip: str) -> None:
    assert not is_public_address(ip)


@pytest.mark.parametrize("ip", ["93.184.216.34", "8.8.4.4", "2a00:1450:4001:80b::200e"])
def test_public_addresses(ip: str) -> None:
    assert is_public_address(ip)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://files.solka.example/feed.xml",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "solka.example/news",
        "http://",
        "http://editor:secret@solka.example/",
        "http://solka.example:99999/",
        "http://solka example/",
        "",
    ],
)
async def test_bad_urls_are_refused_before_any_connection(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url)
    assert caught.value.reason == "bad_url"
    async with Fetcher(REFUSING) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(url)
    assert caught.value.reason == "bad_url"
    assert "http:// or https://" in str(caught.value)


def test_good_urls_pass_the_syntax_check() -> None:
    check_url("https://solka.example/news/2026/ferry?utm=x#top")
    check_url("http://[2001:db8::1]:8080/feed")


@pytest.mark.parametrize(
    ("host", "ip"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("10.20.30.40", "10.20.30.40"),
        ("[::1]", "::1"),
        ("localhost", "127.0.0.1"),
    ],
)
async def test_default_settings_refuse_private_hosts(serve: Serve, host: str, ip: str) -> None:
    hits: list[str] = []

    async def page(request: web.Request) -> web.Response:
        hits.append(request.path)
        return web.Response(text="internal")

    base = await serve(app_with({"/{tail:.*}": page}))
    port = base.rsplit(":", 1)[1]
    url = f"http://{host}:{port}/admin"
    async with Fetcher(REFUSING) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(url)
    assert caught.value.reason == "private_address"
    assert str(caught.value) == (
        f"refused to fetch {url}: its host resolves to a private address ({ip}); "
        "pass --allow-private or set NEWSDESK_ALLOW_PRIVATE=1 to allow it"
    )
    assert hits == []  # not even robots.txt was asked for


@pytest.mark.parametrize(
    "host", ["2130706433", "127.1", "0x7f.1", "017700000001", "[::ffff:127.0.0.1]"]
)
async def test_odd_spellings_of_loopback_never_reach_the_server(serve: Serve, host: str) -> None:
    hits: list[str] = []

    async def page(request: web.Request) -> web.Response:
        hits.append(request.path)
        return web.Response(text="internal")

    base = await serve(app_with({"/{tail:.*}": page}))
    port = base.rsplit(":", 1)[1]
    async with Fetcher(REFUSING) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(f"http://{host}:{port}/admin")
    assert caught.value.reason in ("bad_url", "private_address")
    assert hits == []


class _FakeDNS(AbstractResolver):
    """Answers from a fixed table, like a DNS server we control."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        return [
            ResolveResult(hostname=host, host=ip, port=port, family=family, proto=0, flags=0)
            for ip in self.table[host]
        ]

    async def close(self) -> None:
        return None


async def test_resolver_keeps_only_public_addresses() -> None:
    dns = _FakeDNS({"mixed.solka.example": ["10.0.0.8", "93.184.216.34", "::1"]})
    results = await guard.GuardedResolver(dns).resolve("mixed.solka.example", 80)
    assert [r["host"] for r in results] == ["93.184.216.34"]


async def test_resolver_refuses_a_name_that_rebinds_to_a_private_address() -> None:
    # First answer public (what a check-before-connect would see), then private.
    dns = _FakeDNS({"rebind.solka.example": ["93.184.216.34"]})
    resolver = guard.GuardedResolver(dns)
    assert await resolver.resolve("rebind.solka.example", 80)
    dns.table["rebind.solka.example"] = ["169.254.169.254"]
    with pytest.raises(guard.PrivateHostError) as caught:
        await resolver.resolve("rebind.solka.example", 80)
    assert caught.value.ip == "169.254.169.254"


async def test_redirect_to_a_private_address_is_refused(
    serve: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pretend 127.0.0.1 is a public outlet so we can serve it; 127.0.0.2 stays private.
    real = guard.is_public_address
    monkeypatch.setattr(guard, "is_public_address", lambda ip: str(ip) == "127.0.0.1" or real(ip))

    async def jump(request: web.Request) -> web.Response:
        raise web.HTTPFound(f"http://127.0.0.2:{request.url.port}/internal")

    base = await serve(app_with({"/story": jump}))
    async with Fetcher(FetchSettings(per_host_delay=0.0, respect_robots=False)) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(base + "/story")
    assert caught.value.reason == "private_address"
    assert "(127.0.0.2)" in str(caught.value)


async def test_allow_private_lets_local_servers_through(serve: Serve) -> None:
    async def page(_request: web.Request) -> web.Response:
        return web.Response(text="local newsroom wiki")

    base = await serve(app_with({"/": page}))
    async with Fetcher(LOCAL) as fetcher:
        result = await fetcher.fetch(base.replace("127.0.0.1", "localhost") + "/")
    assert result.text() == "local newsroom wiki"
