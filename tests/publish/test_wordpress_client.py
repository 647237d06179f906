"""The WordPress client against a real HTTP server on 127.0.0.1 that misbehaves as sites do:
5xx, slow answers, refused connections, redirects, HTML where JSON was expected."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from newsdesk.publish.wordpress import Backoff, WordPressClient, WordPressError


@dataclass
class Misbehaving:
    """Answers each request with the next of ``answers`` (then the last one again)."""

    answers: list[Callable[[web.Request], web.StreamResponse]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    url: str = ""
    delay_s: float = 0.0

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.seen.append(f"{request.method} {request.query.get('rest_route')}")
        answer = self.answers[min(len(self.seen), len(self.answers)) - 1]
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        return answer(request)


def ok(data: object) -> Callable[[web.Request], web.StreamResponse]:
    return lambda _: web.json_response(data)


def status(code: int, body: object = None, **headers: str
           ) -> Callable[[web.Request], web.StreamResponse]:
    text = json.dumps(body) if body is not None else "<html>Bad gateway</html>"
    return lambda _: web.Response(status=code, text=text, headers=headers)


@pytest.fixture
async def site() -> AsyncIterator[Misbehaving]:
    server = Misbehaving()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", server.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    listening = web.TCPSite(runner, "127.0.0.1", 0)
    await listening.start()
    port = listening._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    server.url = f"http://127.0.0.1:{port}"
    yield server
    await runner.cleanup()


@pytest.fixture
def waits() -> list[float]:
    return []


@asynccontextmanager
async def client_for(url: str, waits: list[float], **kw: float
                     ) -> AsyncIterator[WordPressClient]:
    """A client whose waits are recorded in ``waits`` instead of slept."""
    async def sleep(seconds: float) -> None:
        waits.append(seconds)
    client = WordPressClient(url, "deskbot", "app pass word", sleep=sleep,
                             backoff=Backoff(tries=4, first_s=1.0, max_s=30.0), **kw)
    try:
        yield client
    finally:
        await client.close()


async def test_server_errors_are_retried_with_growing_waits(site: Misbehaving,
                                                            waits: list[float]) -> None:
    site.answers = [status(502), status(500), ok({"id": 5})]
    async with client_for(site.url, waits) as client:
        assert await client.call("POST", "/wp/v2/posts/5", json={"title": "x"}) == {"id": 5}
    assert site.seen == ["POST /wp/v2/posts/5"] * 3
    assert client.requests == 3
    assert client.by_route == {"POST /wp/v2/posts/ID": 3}
    assert 0.75 <= waits[0] <= 1.0 and 1.5 <= waits[1] <= 2.0


async def test_a_new_post_is_not_sent_again_after_a_500(site: Misbehaving,
                                                        waits: list[float]) -> None:
    site.answers = [status(500), ok({"id": 6})]
    async with client_for(site.url, waits) as client:
        with pytest.raises(WordPressError) as failed:
            await client.call("POST", "/wp/v2/posts", json={"title": "x"}, replay_safe=False)
    assert failed.value.delivered_unknown and failed.value.transient
    assert site.seen == ["POST /wp/v2/posts"]


async def test_busy_answers_are_waited_out_even_for_new_posts(site: Misbehaving,
                                                              waits: list[float]) -> None:
    site.answers = [status(503, {"code": "busy"}, **{"Retry-After": "7"}), ok({"id": 8})]
    async with client_for(site.url, waits) as client:
        made = await client.call("POST", "/wp/v2/posts", json={}, replay_safe=False)
    assert made == {"id": 8}
    assert waits == [7.0]


async def test_slow_answers_time_out_and_are_retried_then_reported(
        site: Misbehaving, waits: list[float]) -> None:
    site.answers, site.delay_s = [ok([])], 1.0
    async with client_for(site.url, waits, timeout_s=0.2) as client:
        with pytest.raises(WordPressError) as failed:
            await client.get("/wp/v2/posts")
    assert "no answer from WordPress" in str(failed.value)
    assert len(site.seen) == 4 and len(waits) == 3


async def test_a_site_that_is_down_is_named(waits: list[float]) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with client_for(f"http://127.0.0.1:{port}", waits) as client:
        with pytest.raises(WordPressError) as failed:
            await client.call("POST", "/wp/v2/posts", json={}, replay_safe=False)
    assert f"WordPress at http://127.0.0.1:{port}/ cannot be reached" in str(failed.value)
    assert not failed.value.delivered_unknown  # refused: surely never made
    assert len(waits) == 3  # retried: nothing could have been sent


async def test_refusals_are_not_retried_and_say_what_to_fix(site: Misbehaving,
                                                            waits: list[float]) -> None:
    site.answers = [status(404, {"code": "rest_no_route", "message": "No route was found"
                                 " matching the URL and request method.",
                                 "data": {"status": 404}})]
    async with client_for(site.url, waits) as client:
        with pytest.raises(WordPressError) as failed:
            await client.get("/wp/v2/posts")
    assert str(failed.value) == (
        "GET /wp/v2/posts: WordPress refused (404 rest_no_route): No route was found matching"
        " the URL and request method.; this WordPress has no such REST route: is"
        " NEWSDESK_WORDPRESS_URL the site's address, and is its REST API switched on?")
    assert waits == [] and len(site.seen) == 1


async def test_a_redirect_names_the_address_to_use(site: Misbehaving,
                                                   waits: list[float]) -> None:
    site.answers = [status(301, {}, Location="https://news.example/")]
    async with client_for(site.url, waits) as client:
        with pytest.raises(WordPressError) as failed:
            await client.call("POST", "/wp/v2/posts", json={})
    assert "redirects to https://news.example/; set NEWSDESK_WORDPRESS_URL" in str(
        failed.value)


async def test_a_page_that_is_not_wordpress_is_named(site: Misbehaving,
                                                     waits: list[float]) -> None:
    site.answers = [lambda _: web.Response(text="<html><body>Welcome</body></html>",
                                           content_type="text/html")]
    async with client_for(site.url, waits) as client:
        with pytest.raises(WordPressError) as failed:
            await client.get("/")
    assert "is not JSON" in str(failed.value)
    assert "is NEWSDESK_WORDPRESS_URL the address of a WordPress site?" in str(failed.value)


def test_only_http_addresses_are_taken() -> None:
    with pytest.raises(WordPressError, match="must be the site's http"):
        WordPressClient("ftp://news.example", "deskbot", "x")
