"""`newsdesk demo`: the sample news network and newsdesk following it, in one process."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import sys
import tempfile
from dataclasses import replace

from newsdesk.app import App
from newsdesk.config import Config
from newsdesk.demo import SampleNetwork
from newsdesk.desk import accounts
from newsdesk.serving import serve_and_poll

DEMO_INTERVAL_S = 5.0  # the sample network is ours: poll it far more often than a real site


async def run_demo(config: Config, *, host: str, port: int, publish_every: float) -> None:
    config = _demo_config(config)
    network = SampleNetwork()
    await network.start()
    app = App.open(config)
    try:
        for source in network.sources:
            app.store.add_source(source.url, name=source.name, kind=source.kind,
                                 interval_s=DEMO_INTERVAL_S)
        desk_login = _demo_account(app)
        publisher = asyncio.create_task(_keep_publishing(network, publish_every))

        def started(url: str) -> None:
            print(f"newsdesk demo is running: open {url}", flush=True)
            print(f"  sample news network: {network.base_url}/  (data in {config.db})",
                  flush=True)
            if desk_login:
                print(f"  the operator's desk: {url}desk (log in as {desk_login})", flush=True)
            print(f"  a new story appears on the network every {publish_every:g} s;"
                  " press Ctrl-C to stop", flush=True)

        await serve_and_poll(app, host=host, port=port, on_started=started)
        publisher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await publisher
    finally:
        app.close()
        await network.stop()


def _demo_account(app: App) -> str | None:
    """An admin for the demo's desk, with a fresh random password, when it has no account;
    "NAME / PASSWORD" to print, or None."""
    if app.store.user_count():
        return None
    password = secrets.token_urlsafe(12)
    accounts.add_user(app.store, "demo", "admin", password, actor="demo")
    return f"demo / {password}"


def _demo_config(config: Config) -> Config:
    """The user's config, with a fresh store unless one was named, private addresses allowed
    (the network is on 127.0.0.1), short polling intervals, and no per-host delay."""
    poll = replace(config.poll, min_interval_s=DEMO_INTERVAL_S, max_interval_s=3 * DEMO_INTERVAL_S,
                   default_interval_s=DEMO_INTERVAL_S)
    db = config.db
    if db == str(config.data_dir / "newsdesk.db"):  # nothing named: start fresh
        db = str(tempfile.mkdtemp(prefix="newsdesk-demo-")) + "/newsdesk.db"
    # every outlet of the network shares one host, 127.0.0.1: politeness would serialise them
    return replace(config, db=db, allow_private=True, poll=poll, per_host_concurrency=8,
                   per_host_delay_s=0.0)


async def _keep_publishing(network: SampleNetwork, every: float) -> None:
    while network.pending():
        await asyncio.sleep(every)
        if await network.publish_next():
            print("  the sample network published a new story", file=sys.stderr, flush=True)
