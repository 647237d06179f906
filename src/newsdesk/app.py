"""Wires config, store, pipeline and job runner once, at start-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import cached_property

from newsdesk.config import Config
from newsdesk.fetch import Fetcher, FetchSettings
from newsdesk.jobs import Poller
from newsdesk.jobs.images import LeadImages
from newsdesk.learning import Learned
from newsdesk.ops.allocator import keep_large_blocks_apart
from newsdesk.ops.collector import collect_less_often
from newsdesk.pipeline import Pipeline
from newsdesk.stage_pool import StagePool
from newsdesk.store import Store, open_store, use_search_base, use_search_dir
from newsdesk.store.image_files import ImageFiles, image_dir, use_image_dir
from newsdesk.story_desk import StoryDesk


@dataclass
class App:
    """One running newsdesk. The store opens at once; the rest is built on first use."""

    config: Config
    store: Store

    @classmethod
    def open(cls, config: Config) -> App:
        keep_large_blocks_apart()  # a long-running process: its heap must not only grow
        collect_less_often()  # ... and its collector must not keep sweeping it
        store = open_store(config.db)
        if config.search_dir is not None:
            use_search_base(store, config.search_dir)
        elif config.db.startswith(("postgresql://", "postgres://")):
            # each machine keeps its own search index, following the shared database
            use_search_dir(store, config.data_dir / "search")
        if config.image_dir is not None:
            use_image_dir(store, config.image_dir)
        elif config.db.startswith(("postgresql://", "postgres://")):
            use_image_dir(store, config.data_dir / "images")
        return cls(config, store)

    @cached_property
    def learned(self) -> Learned:
        return Learned(self.store)

    @cached_property
    def desk(self) -> StoryDesk:
        return StoryDesk(self.store)

    @cached_property
    def stage_pool(self) -> StagePool:
        return StagePool(self.config.extract_workers)

    @cached_property
    def pipeline(self) -> Pipeline:
        return Pipeline(self.store, self.learned, self.desk, self.stage_pool,
                        self.config.limits)

    @cached_property
    def lead_images(self) -> LeadImages:
        return LeadImages(self.store, ImageFiles(image_dir(self.store)), self.stage_pool)

    @cached_property
    def poller(self) -> Poller:
        return Poller(self.store, self.pipeline, self.config.poll, self.lead_images)

    def fetch_settings(self) -> FetchSettings:
        return FetchSettings(user_agent=self.config.user_agent,
                             allow_private=self.config.allow_private,
                             max_bytes=self.config.limits.max_page_bytes,
                             per_host_concurrency=self.config.per_host_concurrency,
                             per_host_delay=self.config.per_host_delay_s)

    @asynccontextmanager
    async def fetcher(self) -> AsyncIterator[Fetcher]:
        async with Fetcher(self.fetch_settings()) as fetcher:
            yield fetcher

    def close(self) -> None:
        if "stage_pool" in self.__dict__:  # started only if something was extracted
            self.stage_pool.close()
        if "pipeline" in self.__dict__:
            self.pipeline.close()
        self.store.close()
