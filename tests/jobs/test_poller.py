"""The poll job's bookkeeping, and the embedded runner's start and graceful stop."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from newsdesk.app import App
from newsdesk.config import PollPolicy, load_config
from newsdesk.jobs import EmbeddedRunner
from tests.sites import StaticSite

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Quay Bulletin</title>
<item><title>Ferry timetable changes</title><link>{base}/a/ferry</link><guid>ferry</guid>
<description>The winter ferry timetable starts on Monday with two extra crossings.</description>
</item></channel></rss>"""

PAGE = b"""<html><head><title>Ferry timetable changes</title></head><body><article>
<h1>Ferry timetable changes</h1><p>The winter ferry timetable starts on Monday, with two extra
crossings between Quay Point and the Salt Isles, the harbour office said on Friday.</p>
<p>Captain Odile Marchetti said the early boat would leave at six instead of seven.</p>
</article></body></html>"""


def _app(tmp_path: object, **policy: float) -> App:
    config = load_config(db=f"{tmp_path}/n.db", allow_private=True)
    return App.open(replace(config, poll=PollPolicy(**policy)))


async def test_failures_back_off_then_disable(tmp_path: object) -> None:
    app = _app(tmp_path, max_failures=3)
    source = app.store.add_source("http://127.0.0.1:9/feed", name="dead", kind="feed",
                                  interval_s=60)
    async with app.fetcher() as fetcher:
        for expected in (1, 2, 3):
            outcome = await app.poller.poll_one(app.store.get_source(source.id), fetcher)
            assert outcome.error
            assert app.store.get_source(source.id).error_count == expected
    after = app.store.get_source(source.id)
    assert after.status == "disabled"
    assert "disabled after 3 failures" in (after.last_error or "")
    assert after.next_poll_at > datetime.now(UTC) + timedelta(seconds=60)
    app.close()


async def test_runner_polls_due_sources_and_stops_cleanly(tmp_path: object) -> None:
    site = StaticSite()
    try:
        site.pages["/feed"] = (200, "application/rss+xml",
                               FEED.replace(b"{base}", site.url("").encode()))
        site.pages["/a/ferry"] = (200, "text/html", PAGE)
        app = _app(tmp_path)
        app.store.add_source(site.url("/feed"), name="Quay", kind="feed", interval_s=60)
        seen: list[str | None] = []
        async with app.fetcher() as fetcher:
            runner = EmbeddedRunner(app.poller, fetcher, tick_s=0.05)
            task = asyncio.create_task(runner.run(lambda o: seen.append(o.error)))
            for _ in range(200):
                if seen:
                    break
                await asyncio.sleep(0.05)
            runner.stop()
            await asyncio.wait_for(task, 10)
        assert seen == [None]  # polled once: the next poll is a minute away
        assert [a.article.title for a in app.store.search("ferry")] == ["Ferry timetable changes"]
        app.close()
    finally:
        site.stop()
