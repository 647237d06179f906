"""Posters with a WordPress publisher for the tests: in this process, or each in a process of
its own (spawned, so it shares nothing with the test but the store and the site)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from newsdesk.config import WordPressSettings
from newsdesk.publish import Poster, PostingRules
from newsdesk.publish.wordpress import Backoff, WordPressClient, WordPressPublisher
from newsdesk.store import Store, open_store
from newsdesk.store.image_files import ImageFiles, image_dir
from tests.publish.telegram_setup import NO_HOLD


def settings_for(url: str, user: str, password: str, **options: object) -> WordPressSettings:
    return WordPressSettings(url=url, user=user, app_password=password,
                             **options)  # type: ignore[arg-type]


def wordpress_poster(store: Store, settings: WordPressSettings, *,
                     rules: PostingRules = NO_HOLD, now: Callable[[], datetime] | None = None,
                     images: Path | None = None) -> Poster:
    """A poster to ``settings``' site; a failed request is retried once, at once."""
    assert settings.url and settings.user and settings.app_password
    client = WordPressClient(settings.url, settings.user, settings.app_password,
                             backoff=Backoff(tries=2, first_s=0.01, max_s=0.01))
    files = ImageFiles(images) if images else ImageFiles(image_dir(store))
    publisher = WordPressPublisher(settings, store, client=client, files=files)
    if now is None:
        return Poster(store, publisher, rules)
    return Poster(store, publisher, rules, started=now(), now=now)


def post_in_a_process(store_url: str, settings: WordPressSettings, images: str,
                      rounds: int) -> int:
    """Run ``rounds`` posting rounds in this (child) process; the posts it made or edited."""
    async def run() -> int:
        store = open_store(store_url)
        try:
            async with wordpress_poster(store, settings, images=Path(images)) as poster:
                done = 0
                for _ in range(rounds):
                    done += await poster.post_pending()
                return done
        finally:
            store.close()
    return asyncio.run(run())
