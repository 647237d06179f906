"""``SampleNetwork``: the invented news outlets on one local aiohttp server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from newsdesk.demo import _front, _harbor, _lantern, _meridian, _telegram
from newsdesk.demo._catalog import load_stories
from newsdesk.demo._errors import DemoError
from newsdesk.demo._site import NetworkState
from newsdesk.demo._timeline import Timeline

_HELD_BACK = 3  # stories kept for publish_next when seed_count is not given


@dataclass(frozen=True, slots=True)
class DemoSource:
    """One source newsdesk can follow; ``kind`` is "feed", "sitemap", "telegram" or "page"."""

    name: str
    url: str
    kind: str


class SampleNetwork:
    """Serves the sample outlets from ``host:port`` (port 0: any free port).

    ``seed_count`` stories are already out at start (default: all but three); the rest wait
    for ``publish_next``. Use ``start``/``stop`` or ``async with``.
    """

    def __init__(
        self, *, host: str = "127.0.0.1", port: int = 0, seed_count: int | None = None
    ) -> None:
        self._stories = load_stories()
        count = max(len(self._stories) - _HELD_BACK, 0) if seed_count is None else seed_count
        start = datetime.now(UTC).replace(microsecond=0)
        self._net = NetworkState(Timeline(self._stories, seed_count=count, start=start), start)
        self._host, self._port = host, port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Bind and serve. Raises ``DemoError`` if already started or the port is taken."""
        if self._runner is not None:
            raise DemoError("The sample network is already running.")
        app = web.Application()
        _front.add_routes(app, self._net, self._stories, self._source_list())
        _meridian.add_routes(app, self._net)
        _lantern.add_routes(app, self._net)
        _telegram.add_routes(app, self._net)
        _harbor.add_routes(app, self._net)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self._host, self._port)
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise DemoError(f"Cannot serve on {self._host}:{self._port}: {exc.strerror}.") from exc
        host, port = runner.addresses[0][:2]
        self._net.base_url = f"http://{_url_host(host)}:{port}"
        self._runner = runner

    async def stop(self) -> None:
        """Stop serving; safe to call twice."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SampleNetwork:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Like ``http://127.0.0.1:8701``. Raises ``DemoError`` before ``start``."""
        if not self._net.base_url:
            raise DemoError("The sample network has no address until start() is awaited.")
        return self._net.base_url

    @property
    def sources(self) -> list[DemoSource]:
        """The sources a newcomer should follow, one per outlet entry point."""
        self.base_url  # noqa: B018 - raises before start
        return self._source_list()

    async def publish_next(self) -> bool:
        """Release the next held-back story on every outlet that carries it.

        Its newest copy is stamped now. Returns False when nothing is left.
        """
        return self._net.timeline.publish_next(datetime.now(UTC).replace(microsecond=0)) is not None

    def pending(self) -> int:
        """How many stories are still held back."""
        return self._net.timeline.pending()

    def _source_list(self) -> list[DemoSource]:
        url = self._net.url
        return [
            DemoSource("Meridian Press Agency", url("/meridian/rss.xml"), "feed"),
            DemoSource("The Lantern Daily", url("/lantern/atom.xml"), "feed"),
            DemoSource("The Lantern Daily on Telegram", url("/s/lanterndaily"), "telegram"),
            DemoSource("Harbor Wire", url("/harbor/sitemap-news.xml"), "sitemap"),
            DemoSource("Harbor Wire: World", url("/harbor/world/"), "page"),
        ]


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
