"""A fake Telegram Bot API on 127.0.0.1 that keeps every message: sendMessage, sendPhoto,
editMessageText and editMessageCaption, with scripted trouble."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

TOKEN = "123456:SECRET-test-token"


@dataclass
class FakeBotApi:
    """Answers every call ok unless ``script`` (consumed in order) says otherwise:
    ("429", seconds), ("500", None), ("400", None) or ("hang", None)."""

    sent: list[dict[str, Any]] = field(default_factory=list)  # accepted calls, in order
    calls: list[str] = field(default_factory=list)  # every method called
    script: list[tuple[str, float | None]] = field(default_factory=list)
    photo_broken: bool = False
    received: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)  # ends a "hang"
    base_url: str = ""
    paths: list[str] = field(default_factory=list)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> latest content

    async def handle(self, request: web.Request) -> web.Response:
        self.paths.append(request.path)
        method = request.match_info["method"]
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        payload = await request.json()
        self.calls.append(method)
        self.received.set()
        if self.script:
            trouble, value = self.script.pop(0)
            if trouble == "hang":
                self.sent.append({"method": method, **payload})  # it did arrive
                await self.release.wait()
                return web.json_response({"ok": False}, status=500)
            if trouble == "429":
                return web.json_response({"ok": False, "error_code": 429,
                                          "description": f"Too Many Requests: retry after {value}",
                                          "parameters": {"retry_after": value}}, status=429)
            if trouble in {"500", "400"}:
                return web.json_response({"ok": False, "error_code": int(trouble),
                                          "description": "Something broke"}, status=int(trouble))
        if method == "sendPhoto" and self.photo_broken:
            return web.json_response({"ok": False, "error_code": 400,
                                      "description": "Bad Request: wrong file identifier"},
                                     status=400)
        self.sent.append({"method": method, **payload})
        if method.startswith("edit"):
            message_id = payload.get("message_id")
            if message_id not in self.messages:
                return web.json_response({"ok": False, "error_code": 400, "description":
                                          "Bad Request: message to edit not found"}, status=400)
            self.messages[message_id] = payload
            return web.json_response({"ok": True, "result": {"message_id": message_id,
                                                             "chat": {"id": -100}}})
        message_id = 1000 + len(self.sent)
        self.messages[message_id] = payload
        return web.json_response({"ok": True, "result": {"message_id": message_id,
                                                         "chat": {"id": -100}}})


@asynccontextmanager
async def running_bot_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    api.base_url = f"http://127.0.0.1:{port}"
    try:
        yield api
    finally:
        api.release.set()
        await runner.cleanup()
