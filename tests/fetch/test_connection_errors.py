"""Failures before any HTTP: refused connections, unresolvable names, TLS trouble."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from aiohttp import web

from newsdesk.fetch import Fetcher, FetchError, FetchSettings

from .conftest import LOCAL, Serve, app_with


async def test_connection_refused(closed_port_url: str) -> None:
    async with Fetcher(LOCAL) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(closed_port_url)
    assert caught.value.reason == "connect"
    assert str(caught.value).startswith(f"could not fetch {closed_port_url}: the connection")


@pytest.mark.parametrize("allow_private", [True, False], ids=["plain", "guarded"])
async def test_unresolvable_name_is_a_dns_error(allow_private: bool) -> None:
    url = "http://newsroom.solka.invalid/feed"
    settings = FetchSettings(allow_private=allow_private, respect_robots=False)
    async with Fetcher(settings) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(url)
    assert caught.value.reason == "dns"
    assert "'newsroom.solka.invalid' could not be resolved" in str(caught.value)


async def test_unresolvable_name_with_robots_on_is_still_a_dns_error() -> None:
    async with Fetcher(FetchSettings(per_host_delay=0.0)) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch("https://newsroom.solka.invalid/feed")
    assert caught.value.reason == "dns"


async def test_using_a_closed_fetcher_is_a_clear_error() -> None:
    fetcher = Fetcher(LOCAL)
    with pytest.raises(RuntimeError, match="async with Fetcher"):
        await fetcher.fetch("http://solka.example/")


async def test_https_to_a_plain_http_server_is_a_tls_error(serve: Serve) -> None:
    base = await serve(app_with({"/": _hello}))
    url = base.replace("http://", "https://") + "/"
    async with Fetcher(LOCAL) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(url)
    assert caught.value.reason == "tls"
    assert "secure (TLS) connection failed" in str(caught.value)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
async def test_untrusted_certificate_is_a_tls_error(tmp_path: Path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    runner = web.AppRunner(app_with({"/": _hello}))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    try:
        async with Fetcher(LOCAL) as fetcher:
            with pytest.raises(FetchError) as caught:
                await fetcher.fetch(f"https://127.0.0.1:{runner.addresses[0][1]}/")
    finally:
        await runner.cleanup()
    assert caught.value.reason == "tls"
    assert "certificate" in str(caught.value)


async def _hello(_request: web.Request) -> web.Response:
    return web.Response(text="hello from the Solka Herald")
