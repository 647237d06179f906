"""Probes of the private-address guard: every spelling of a private host, at every entry
(fetch, redirect, `extract`, the API, OPML, links in a feed), is refused before a byte
reaches it. The intranet server on 127.0.0.2 records every request: it must see none."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from newsdesk.fetch import Fetcher, FetchError, FetchSettings, guard
from newsdesk.opml import Outline, write_opml
from newsdesk.records import SourceKind
from newsdesk.sources import parse_source
from newsdesk.store import open_store
from newsdesk.subscriptions import import_opml
from tests.hostile.conftest import Desk
from tests.hostile.servers import HostileSite, full_width

GUARDED = FetchSettings(per_host_delay=0.0, respect_robots=False)  # allow_private=False


async def _refused(url: str) -> FetchError:
    async with Fetcher(GUARDED) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(url)
    assert caught.value.reason in ("private_address", "bad_url"), caught.value
    return caught.value


def _spellings(port: int) -> list[str]:
    """127.0.0.2 written every way a browser or an HTTP client would still read it."""
    return [
        f"http://127.0.0.2:{port}/",
        f"http://{full_width('127.0.0.2')}:{port}/",  # １２７．０．０．２
        f"http://１２７.０.０.２:{port}/",  # full-width digits, ASCII dots
        f"http://127。0。0。2:{port}/",  # ideographic full stops
        f"http://127｡0｡0｡2:{port}/",  # half-width ideographic full stops
        f"http://%31%32%37.0.0.2:{port}/",  # percent-encoded host
        f"http://2130706434:{port}/",  # one decimal number
        f"http://0x7f000002:{port}/",  # one hex number
        f"http://017700000002:{port}/",  # one octal number
        f"http://0x7f.0.0.2:{port}/",  # mixed
        f"http://0177.0.0.2:{port}/",  # octal part
        f"http://127.2:{port}/",  # short form
        f"http://[::ffff:127.0.0.2]:{port}/",  # IPv4-mapped IPv6
        f"http://[::ffff:7f00:2]:{port}/",
    ]


async def test_no_spelling_of_a_private_address_is_fetched(intranet: HostileSite) -> None:
    for url in _spellings(intranet.port):
        error = await _refused(url)
        assert error.reason == "private_address", (url, error)
    assert intranet.hits == []


async def test_loopback_names_are_refused(intranet: HostileSite) -> None:
    for host in ("localhost", "ＬＯＣＡＬＨＯＳＴ", "LocalHost."):
        await _refused(f"http://{host}:{intranet.port}/")
    assert intranet.hits == []


@pytest.mark.parametrize("url", [
    "http://outlet.example@127.0.0.2/",  # userinfo hiding the real host
    "http://127.0.0.1:80@outlet.example/",
    "http://outlet.example％40127.0.0.2/",  # a full-width @ folded into a real one
    "file:///etc/passwd",
    "ftp://127.0.0.2/",
    "gopher://127.0.0.2:70/",
    "data:text/html,<p>x</p>",
    "javascript:alert(1)",
    "http://1.2.3.4.5/",  # not an address, not a name
    "http://256.0.0.1/",
])
async def test_tricks_and_other_schemes_are_refused_as_bad_urls(url: str) -> None:
    assert (await _refused(url)).reason == "bad_url"


@pytest.mark.usefixtures("outlet_is_public")
async def test_redirects_to_any_spelling_of_a_private_host_are_refused(
    outlet: HostileSite, intranet: HostileSite,
) -> None:
    port = intranet.port
    targets = [*_spellings(port), f"//{full_width('127.0.0.2')}:{port}/",
               f"//127。0。0。2:{port}/"]
    for n, target in enumerate(targets):
        start = outlet.redirect(f"/jump/{n}", target)
        error = await _refused(start)
        assert error.reason == "private_address", (target, error)
    assert intranet.hits == []
    assert len(outlet.hits) == len(targets)  # the public outlet itself was reachable


@pytest.mark.usefixtures("outlet_is_public")
async def test_the_address_checked_is_the_address_used(
    intranet: HostileSite, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS rebinding: a name that passed every earlier look-up, then answers 127.0.0.2 at
    connection time, is refused on the address the socket was about to reach."""

    async def lying_dns(_self: Any, host: str, port: int = 0,
                        family: socket.AddressFamily = socket.AF_INET) -> list[Any]:
        return [{"hostname": host, "host": "127.0.0.2", "port": port, "family": family,
                 "proto": 0, "flags": 0}]

    monkeypatch.setattr(guard.GuardedResolver, "resolve", lying_dns)
    error = await _refused(f"http://rebinding.example:{intranet.port}/")
    assert error.reason == "private_address" and "127.0.0.2" in str(error)
    assert intranet.hits == []


def test_extract_refuses_a_full_width_loopback(desk: Desk, intranet: HostileSite) -> None:
    code, out, err = desk("extract", f"http://{full_width('127.0.0.2')}:{intranet.port}/")
    assert code != 0 and out == ""
    assert "private address" in err and "Traceback" not in err
    assert intranet.hits == []


def test_api_refuses_private_sources_and_stores_urls_normalised(
    tmp_path: Any, intranet: HostileSite,
) -> None:
    from fastapi.testclient import TestClient

    from newsdesk.publish import create_web_app

    store = open_store(tmp_path / "api.db")
    headers = {"Authorization": "Bearer writer-token"}
    with TestClient(create_web_app(store, api_token="writer-token")) as client:
        for url in _spellings(intranet.port)[:6]:
            answer = client.post("/api/sources", json={"url": url, "name": "x", "kind": "feed"},
                                 headers=headers)
            assert answer.status_code == 422, (url, answer.text)
        answer = client.post("/api/sources", headers=headers, json={
            "url": "HTTP://News.Ｏｕｔｌｅｔ.example:80/feed?utm_source=x&b=2&a=1", "name": "n",
            "kind": "feed"})
        assert answer.status_code == 201, answer.text
        assert answer.json()["url"] == "http://news.outlet.example/feed?a=1&b=2"
    assert [s.url for s in store.list_sources()] == ["http://news.outlet.example/feed?a=1&b=2"]
    store.close()
    assert intranet.hits == []


def test_opml_import_refuses_private_hosts_in_any_spelling(tmp_path: Any) -> None:
    hosts = ["0x7f000001", "2130706433", "127.1", "１２７.０.０.１", "127。0。0。1",
             "[::ffff:127.0.0.1]", "localhost", "10.0.0.1", "169.254.169.254"]
    data = write_opml(Outline(url=f"http://{h}/feed", title=h) for h in hosts)
    store = open_store(tmp_path / "opml.db")
    report = import_opml(store, data, allow_private=False, interval_s=600)
    store.close()
    assert report.added == []
    assert len(report.rejected) == len(hosts)
    assert all("private address" in reason for _entry, reason in report.rejected)


def test_links_in_a_feed_are_normalised_before_anything_uses_them() -> None:
    feed = f"""<rss version="2.0"><channel><title>t</title>
    <item><title>a</title><link>http://{full_width('127.0.0.2')}:8080/a</link></item>
    <item><title>b</title><link>//127。0。0。2/b</link></item>
    </channel></rss>""".encode()
    parsed = parse_source(SourceKind.FEED, feed, "http://outlet.example/feed.xml")
    assert [i.url for i in parsed.items] == ["http://127.0.0.2:8080/a", "http://127.0.0.2/b"]


@pytest.mark.usefixtures("outlet_is_public")
def test_a_poll_never_follows_a_feed_link_inwards(
    desk: Desk, outlet: HostileSite, intranet: HostileSite,
) -> None:
    port = intranet.port
    outlet.page("/feed.xml", f"""<rss version="2.0"><channel><title>Inward</title>
      <item><title>Full width</title><link>http://{full_width('127.0.0.2')}:{port}/a</link>
      </item>
      <item><title>Redirected</title><link>{outlet.url('/to-intranet')}</link></item>
      </channel></rss>""", "application/rss+xml")
    outlet.redirect("/to-intranet", f"//１２７．０．０．２:{port}/b")
    code, _out, err = desk("sources", "add", outlet.url("/feed.xml"), "--kind", "feed")
    assert code == 0, err
    code, out, err = desk("poll", "--once")
    # both items are kept from the feed's own words (nothing is lost), their pages unread
    assert "2 item(s) failed" in out
    _code, out, _err = desk("sources", "list", "--json")
    [source] = json.loads(out)
    assert source["last_error"].startswith("2 of 2 items failed")
    assert source["last_error"].count("private address") == 2
    assert intranet.hits == []
