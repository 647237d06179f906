"""The operations endpoints of the web server (/healthz, /readyz, /metrics), its access log
and request metrics, and the small endpoint a worker serves with ``--metrics-port``."""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException
from fastapi.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk.ops import metrics
from newsdesk.ops.health import readiness
from newsdesk.store import Store

log = logging.getLogger(__name__)
access = logging.getLogger("newsdesk.access")

PROBES = frozenset({"/healthz", "/readyz", "/metrics"})  # logged at DEBUG: they come often
TOTALS_TTL_S = 10.0  # the store's counts are read at most this often


def ops_router(store: Store, *, metrics_token: str | None = None) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    totals = _cached(store.totals, TOTALS_TTL_S)

    @router.get("/healthz")
    async def healthz() -> JSONResponse:  # async: answers even when every thread is busy
        return JSONResponse({"status": "ok"})

    @router.get("/readyz")
    def readyz() -> JSONResponse:
        found = readiness(store)
        return JSONResponse({"status": "ok" if found.ok else "unavailable",
                             "checks": found.checks}, status_code=200 if found.ok else 503)

    @router.get("/metrics")
    def metrics_page(authorization: Annotated[str | None, Header()] = None) -> Response:
        if metrics_token and not hmac.compare_digest(
                (authorization or "").removeprefix("Bearer ").strip().encode(),
                metrics_token.encode()):
            raise HTTPException(401, "metrics need the metrics token: send 'Authorization:"
                                     " Bearer <token>'")
        body, content_type = metrics.exposition(totals())
        return Response(body, media_type=content_type)

    return router


def _cached(read: Callable[[], dict[str, Any]], ttl_s: float) -> Callable[[], Any]:
    """``read()``, remembered for ``ttl_s``; None (no totals) while the store fails."""
    kept: dict[str, Any] = {"at": 0.0, "value": None}

    def get() -> Any:
        if time.monotonic() - kept["at"] > ttl_s:
            try:
                kept["value"] = read()
            except Exception as exc:
                log.warning("metrics: cannot read the store's totals: %s", exc)
                kept["value"] = None
            kept["at"] = time.monotonic()
        return kept["value"]
    return get


class RequestLog:
    """ASGI middleware: one access log line and the request metrics for every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        answer = {"status": 500, "bytes": 0}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answer["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            _record(scope, answer["status"], answer["bytes"], time.perf_counter() - started)


def _record(scope: Scope, status: int, size: int, seconds: float) -> None:
    route = getattr(scope.get("route"), "path", None) or "(unmatched)"
    method = scope.get("method", "")
    metrics.http_answered(method, route, status, seconds)
    path = scope.get("path", "")
    query = scope.get("query_string", b"").decode("latin-1")
    target = f"{path}?{query}" if query else path
    client = (scope.get("client") or ("-", 0))[0]
    agent = next((v.decode("latin-1") for k, v in scope.get("headers", [])
                  if k == b"user-agent"), "-")
    level = logging.DEBUG if path in PROBES else logging.INFO
    access.log(level, '%s "%s %s" %d %dB %.1fms "%s"', client, method, target, status, size,
               seconds * 1000, agent,
               extra={"client": client, "method": method, "path": target, "route": route,
                      "status": status, "bytes": size, "duration_ms": round(seconds * 1000, 2),
                      "user_agent": agent})


class _WorkerEndpoint(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/metrics":
            body, content_type = metrics.exposition()
        elif self.path.split("?")[0] == "/healthz":
            body, content_type = b'{"status": "ok"}', "application/json"
        else:
            self.send_error(404, "try /metrics or /healthz")
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("worker endpoint: " + format, *args)


def start_worker_endpoint(host: str, port: int) -> ThreadingHTTPServer:
    """Serve /metrics (this process's counters) and /healthz on a thread; ``shutdown()`` it."""
    server = ThreadingHTTPServer((host, port), _WorkerEndpoint)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="newsdesk-metrics", daemon=True).start()
    return server
