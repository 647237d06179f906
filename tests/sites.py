"""Real HTTP servers on 127.0.0.1 for tests that drive blocking code (the CLI)."""

from __future__ import annotations


class StaticSite:
    """A real HTTP server on 127.0.0.1, in its own thread, serving what a test puts in
    ``pages``: path -> (status, content type, body)."""

    def __init__(self) -> None:
        import asyncio
        import threading

        self.pages: dict[str, tuple[int, str, bytes]] = {}
        self.hits: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def _serve(self) -> None:
        import asyncio

        from aiohttp import web

        async def handle(request: web.Request) -> web.Response:
            self.hits.append(request.path_qs)
            status, ctype, body = self.pages.get(
                request.path_qs, self.pages.get(request.path, (404, "text/plain", b"not found")))
            return web.Response(status=status, body=body, headers={"Content-Type": ctype})

        async def start() -> None:
            app = web.Application()
            app.router.add_route("GET", "/{tail:.*}", handle)
            self._runner = web.AppRunner(app)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self._ready.set()

        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        import asyncio

        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

