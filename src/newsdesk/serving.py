"""`newsdesk run`, `serve` and `demo`: the web server and the scheduler in one process."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import signal
import socket
from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta

import uvicorn

from newsdesk.app import App
from newsdesk.desk import add_desk
from newsdesk.jobs import EmbeddedRunner, PollOutcome
from newsdesk.ops.retention import prune_periodically
from newsdesk.publish import Poster, PostingRules, TelegramPublisher, create_web_app
from newsdesk.publish.wordpress import wordpress_poster
from newsdesk.store import refresh_search_index

log = logging.getLogger(__name__)

SEARCH_REFRESH_S = 3.0
STOP_GRACE_S = 0.5  # after SIGINT/SIGTERM, open requests get this long to finish
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class ServeError(OSError):
    """The server cannot listen where it was asked to; the message says what to change."""


async def _keep_search_fresh(app: App, stop: asyncio.Event) -> None:
    """Index new articles every few seconds, so a search never waits to commit them."""
    while not stop.is_set():
        try:
            await asyncio.to_thread(refresh_search_index, app.store)
        except Exception:  # search catches up on its own at the next query; keep serving
            log.exception("refreshing the search index failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=SEARCH_REFRESH_S)


def _telegram(app: App) -> Poster:
    settings = app.config.telegram
    rules = PostingRules(sources=settings.sources, folders=settings.folders,
                         languages=settings.languages, keywords=settings.keywords,
                         exclude=settings.exclude, hold=timedelta(seconds=settings.hold_s))
    return Poster(app.store, TelegramPublisher(settings), rules, site_url=app.config.site_url)


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port``, bound here (not inside uvicorn, which exits the
    process when the port is taken) so a busy port is a sentence, not a traceback."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise ServeError(f"cannot serve on {host!r}: {exc.strerror}; give --host an address"
                         " of this machine, such as 127.0.0.1 or 0.0.0.0") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            why = "is already in use (by another newsdesk or another server)"
        elif exc.errno == errno.EACCES:
            why = "needs privileges this user lacks (ports below 1024 do)"
        else:
            why = f"cannot be used ({exc.strerror})"
        raise ServeError(f"port {port} on {host} {why}; stop that server or choose another"
                         " --port") from None
    return sock


def _server(app: App, host: str, port: int) -> uvicorn.Server:
    web = create_web_app(app.store, api_token=app.config.api_token,
                         read_token=app.config.read_token,
                         metrics_token=app.config.metrics_token, site=app.config.site,
                         site_url=app.config.site_url, allow_private=app.config.allow_private)
    add_desk(web, app)  # the operator's desk at /desk
    # Our logging setup formats uvicorn's lines too; the access log is `RequestLog`'s.
    config = uvicorn.Config(web, host=host, port=port, log_config=None, access_log=False,
                            lifespan="off", timeout_graceful_shutdown=STOP_GRACE_S)
    server = uvicorn.Server(config)
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]  # ours below
    return server


async def serve_and_poll(
    app: App, *, host: str, port: int, poll: bool = True,
    on_started: Callable[[str], Awaitable[None] | None] | None = None,
    progress: Callable[[PollOutcome], None] | None = None,
) -> None:
    """Serve the site (and poll sources) until Ctrl-C or SIGTERM, then stop within about
    two seconds: in-flight polls and requests get a short grace, then are abandoned (an
    article is stored whole or not at all). Raises `ServeError` if the port is taken."""
    listener = listening_socket(host, port)
    server = _server(app, host, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    async with app.fetcher() as fetcher:
        runner = EmbeddedRunner(app.poller, fetcher,
                                concurrent_sources=app.config.poll.concurrent_sources)
        tasks = [asyncio.create_task(server.serve(sockets=[listener])),
                 asyncio.create_task(_keep_search_fresh(app, stop))]
        if poll:
            tasks.append(asyncio.create_task(runner.run(progress)))
            tasks.append(asyncio.create_task(
                prune_periodically(app.store, app.config.retention, stop)))
        if app.config.telegram.enabled:  # in `serve` too: with workers, nobody else posts
            tasks.append(asyncio.create_task(_telegram(app).run(stop)))
        if app.config.wordpress.enabled:
            tasks.append(asyncio.create_task(wordpress_poster(app.config, app.store).run(stop)))
        while not server.started:
            if tasks[0].done():
                await tasks[0]
                raise OSError(f"the web server could not start on {host}:{port}")
            await asyncio.sleep(0.05)
        if on_started:
            result = on_started(f"http://{host}:{port}/")
            if result is not None:
                await result
        await stop.wait()
        runner.stop()
        server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)


async def poll_forever(app: App, *, progress: Callable[[PollOutcome], None] | None = None) -> None:
    """`newsdesk poll`: the scheduler alone, until Ctrl-C or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    async with app.fetcher() as fetcher:
        runner = EmbeddedRunner(app.poller, fetcher,
                                concurrent_sources=app.config.poll.concurrent_sources)
        task = asyncio.create_task(runner.run(progress))
        await stop.wait()
        runner.stop()
        await task


@contextlib.contextmanager
def cancelled_by_signals() -> Iterator[None]:
    """Within this block, SIGINT or SIGTERM cancels the running task (`poll --once`): the
    article in hand is abandoned at its next wait, never half-stored."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, task.cancel)
    try:
        yield
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)
