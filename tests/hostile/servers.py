"""Hostile servers on loopback, each in its own thread, for tests that drive the CLI or the
API (blocking code) as well as async tests.

``pages``: path -> (status, headers, body); ``handlers``: path -> an aiohttp handler, for
servers that misbehave over time (drip, stall). Every request is recorded in ``hits``, which
is how a test proves that a refused address was never reached.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class HostileSite:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.handlers: dict[str, Handler] = {}
        self.hits: list[str] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError(f"the test server on {host} did not start")

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def page(self, path: str, body: bytes | str, content_type: str = "text/html",
             status: int = 200, **headers: str) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = (status, {"Content-Type": content_type, **headers}, data)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.pages[path] = (status, {"Location": location}, b"")
        return self.url(path)

    def _serve(self) -> None:
        async def handle(request: web.Request) -> web.StreamResponse:
            self.hits.append(request.path_qs)
            handler = self.handlers.get(request.path)
            if handler is not None:
                return await handler(request)
            status, headers, body = self.pages.get(
                request.path_qs,
                self.pages.get(request.path, (404, {"Content-Type": "text/plain"}, b"no")))
            return web.Response(status=status, body=body, headers=headers)

        async def start() -> None:
            app = web.Application()
            app.router.add_route("GET", "/{tail:.*}", handle)
            self._runner = web.AppRunner(app, shutdown_timeout=0.1)
            await self._runner.setup()
            site = web.TCPSite(self._runner, self.host, 0)
            await site.start()
            self.port = self._runner.addresses[0][1]
            self._ready.set()

        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def stop(self) -> None:
        async def close() -> None:
            await self._runner.cleanup()
            handlers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in handlers:  # a stalling handler still asleep
                task.cancel()
            await asyncio.gather(*handlers, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


def full_width(text: str) -> str:
    """``text`` with ASCII digits and dots in their full-width forms (１２７．０．０．１)."""
    return text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
