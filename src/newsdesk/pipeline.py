"""One source poll, and one article, through the stages in order.

sources → fetch → extract → repair → stories → store. This is the only module that knows the
order; each stage takes plain records and returns plain records.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from newsdesk import extract, repair, sources, stories
from newsdesk.config import Limits
from newsdesk.display_text import clean_article
from newsdesk.fetch import Fetcher, FetchError
from newsdesk.learning import Learned
from newsdesk.ops import metrics
from newsdesk.ops.allocator import give_back_free_pages
from newsdesk.preparing import prepare_article
from newsdesk.records import Article, FetchResult, ParsedSource, SourceItem, SourceKind
from newsdesk.shared_words import SharedWords
from newsdesk.stage_pool import StagePool
from newsdesk.store import Source, Store, StoreError
from newsdesk.story_desk import StoryDesk
from newsdesk.urls import normalize_url, site_of

log = logging.getLogger(__name__)

ARTICLE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
MAX_CHILD_SITEMAPS = 20  # of a sitemap index, read per poll
BACKFILL_PAGES = 3  # earlier pages of a channel read on its first poll
MAX_ITEM_ATTEMPTS = 5  # polls that retry an item whose page could not be read
SIGNING_WORKERS = 1  # stage workers from which signing moves to them (see process_in_pool)
SHARED_PAGE_CHARS = 512 * 1024  # a page larger than this is always extracted in a worker
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,"
    "text/xml;q=0.9,text/html;q=0.8,*/*;q=0.5"
)


class PollError(Exception):
    """A source could not be polled; ``retry_after`` is the server's wish, when it gave one."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(slots=True)
class PollReport:
    """What one poll of one source did."""

    source_id: int
    not_modified: bool = False
    items: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    attempted: int = 0  # items this poll went after: new ones, and failed ones retried
    item_errors: list[str] = field(default_factory=list)  # one per failed item
    warnings: list[str] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    deferred: int = 0  # new items left for the next poll (over the per-poll limit)

    @property
    def all_items_failed(self) -> bool:
        return self.attempted > 0 and len(self.item_errors) == self.attempted


@dataclass(frozen=True, slots=True)
class _Seen:
    """A poll's items as the store knows them: normalised URLs, stored articles by URL,
    GUIDs listed before, and pages that failed (URL -> attempts)."""

    urls: dict[str, str]
    articles: dict[str, int]
    guids: set[str]
    retries: dict[str, int]


@dataclass(slots=True)
class ProcessedArticle:
    article_id: int | None  # None: nothing could be stored (a failed item with no words)
    created: bool
    changed: bool
    story_id: int | None
    failure: str | None = None  # why the page could not be read; the item is kept for retry


class Pipeline:
    """Runs the stages. Holds what the stages learn (vocabulary, site chrome, story index)."""

    def __init__(self, store: Store, learned: Learned, desk: StoryDesk,
                 pool: StagePool | None = None, limits: Limits | None = None) -> None:
        self.store = store
        self.learned = learned
        self.desk = desk
        self.pool = pool or StagePool(0)
        self.limits = limits or Limits()
        self._shared_words = SharedWords()  # the vocabulary, for repair in the pool

    def close(self) -> None:
        try:  # the word counts still waiting (`Learned.flush`)
            self.learned.flush(everything=True)
        except StoreError as exc:
            log.warning("could not write the learned word counts: %s", exc)
        self._shared_words.close()

    async def poll(self, source: Source, fetcher: Fetcher) -> PollReport:
        """Fetch a source (conditionally), then every new item it lists."""
        report = PollReport(source.id)
        parsed = await self._fetch_source(source, fetcher, report)
        if parsed is None:
            return report
        report.items = len(parsed.items)
        report.warnings.extend(parsed.warnings)
        seen = self._seen(source, parsed.items)
        new_items = self._newest([item for item in parsed.items if self._is_new(item, seen)],
                                 report)
        retries = seen.retries
        report.attempted = len(new_items)
        results = await asyncio.gather(
            *(self._ingest_item(source, item, fetcher, item.url in retries)
              for item in new_items),
            return_exceptions=True,
        )
        self.flush_learned()
        for item, result in zip(new_items, results, strict=True):
            if isinstance(result, BaseException):
                if not isinstance(result, Exception):
                    raise result
                result = self._after_crash(source, item, result)
            report.new_articles += result.created
            report.updated_articles += result.changed and not result.created
            if result.failure:
                report.item_errors.append(f"{item.url}: {result.failure}")
        return report

    def _newest(self, items: list[SourceItem], report: PollReport) -> list[SourceItem]:
        """At most ``max_items_per_poll`` new items, newest first; the rest stay unseen, so
        the next poll (soon: the poller sees ``deferred``) takes them. Nothing is lost."""
        cap = self.limits.max_items_per_poll
        if len(items) <= cap:
            return items
        report.deferred = len(items) - cap
        report.warnings.append(
            f"{len(items):,} new items: took the {cap:,} newest, the other {report.deferred:,}"
            " come with the next polls (NEWSDESK_MAX_ITEMS_PER_POLL)")
        return sorted(items, key=_item_time, reverse=True)[:cap]

    async def _fetch_source(
        self, source: Source, fetcher: Fetcher, report: PollReport,
    ) -> ParsedSource | None:
        try:
            result = await fetcher.fetch(source.url, etag=source.etag,
                                         last_modified=source.last_modified, accept=FEED_ACCEPT,
                                         **self._feed_limit())
        except FetchError as exc:
            raise PollError(str(exc), exc.retry_after) from exc
        report.etag = result.headers.get("etag")
        report.last_modified = result.headers.get("last-modified")
        if result.not_modified:
            report.not_modified = True
            report.etag = report.etag or source.etag
            report.last_modified = report.last_modified or source.last_modified
            return None
        with metrics.timed("store"):
            self.store.save_fetch(result, source.id)
        parsed = self._parse(source, result)
        if parsed.child_urls:  # a sitemap index: read the sitemaps it lists
            await self._read_children(source, parsed, parsed.child_urls[:MAX_CHILD_SITEMAPS],
                                      fetcher)
        elif parsed.next_page and source.items_seen == 0:  # a new channel: read back a little
            await self._read_back(source, parsed, fetcher)
        if not parsed.items and parsed.warnings:
            raise PollError("nothing could be read: " + "; ".join(parsed.warnings[:3]))
        return parsed

    def _parse(self, source: Source, result: FetchResult) -> ParsedSource:
        try:
            with metrics.timed("parse"):
                return sources.parse_source(
                    SourceKind(source.kind), result.body, result.final_url,
                    content_type=result.content_type, charset=result.charset,
                )
        except sources.SourceParseError as exc:
            raise PollError(str(exc)) from exc

    async def _read_children(
        self, source: Source, parsed: ParsedSource, urls: Sequence[str], fetcher: Fetcher,
    ) -> None:
        for url in urls:
            await self._read_more(source, parsed, url, fetcher)

    async def _read_back(self, source: Source, parsed: ParsedSource, fetcher: Fetcher) -> None:
        """Earlier pages of a paged source (a channel's ``?before=ID``), a few at most."""
        url = parsed.next_page
        for _ in range(BACKFILL_PAGES):
            if not url:
                return
            url = await self._read_more(source, parsed, url, fetcher)

    async def _read_more(
        self, source: Source, parsed: ParsedSource, url: str, fetcher: Fetcher,
    ) -> str | None:
        """Add one more page's items to ``parsed``; the page after it, if any."""
        try:
            page = await fetcher.fetch(url, accept=FEED_ACCEPT, **self._feed_limit())
            self.store.save_fetch(page, source.id)
            found = self._parse(source, page)
        except (FetchError, PollError) as exc:
            parsed.warnings.append(f"{url}: {exc}")
            return None
        parsed.items.extend(found.items)
        parsed.warnings.extend(found.warnings)
        return found.next_page

    def _feed_limit(self) -> dict[str, Any]:
        return {"max_bytes": self.limits.max_feed_bytes,
                "limit_name": "NEWSDESK_MAX_FEED_BYTES"}

    def _seen(self, source: Source, items: Sequence[SourceItem]) -> _Seen:
        """What the store knows of a poll's items, in three queries, not two per item."""
        urls = {}
        for item in items:
            try:
                urls[item.url] = normalize_url(item.url)
            except ValueError:
                continue  # no article can have it; fetching it fails and is counted
        return _Seen(urls, self.store.article_ids_by_url(list(urls.values())),
                     self.store.seen_guids(source.id, [i.guid for i in items if i.guid]),
                     self.store.failed_attempts(source.id))

    def _is_new(self, item: SourceItem, seen: _Seen) -> bool:
        """New: never seen by URL or GUID, or the source says it changed since we stored it,
        or its page could not be read on an earlier poll (a few times at most)."""
        if item.url in seen.retries:
            return seen.retries[item.url] < MAX_ITEM_ATTEMPTS
        article_id = seen.articles.get(seen.urls.get(item.url, ""))
        if article_id is not None:
            return item.updated is not None and self._updated_since(article_id, item.updated)
        return not (item.guid and item.guid in seen.guids)

    def _updated_since(self, article_id: int, updated: datetime) -> bool:
        stored = self.store.get_article(article_id).article
        known = stored.updated or stored.published
        return known is not None and updated > known

    async def _ingest_item(
        self, source: Source, item: SourceItem, fetcher: Fetcher, retried: bool,
    ) -> ProcessedArticle:
        if not _wants_page(source, item):
            article = replace(extract.article_from_item(item), publisher=source.name)
            links = extract.links_in(item.content_html or "")
            return self.process(article, source=source, item=item, links=links)
        try:
            with metrics.waited("fetch"):
                page = await fetcher.fetch(item.url, accept=ARTICLE_ACCEPT,
                                           max_bytes=self.limits.max_page_bytes,
                                           limit_name="NEWSDESK_MAX_PAGE_BYTES")
        except FetchError as exc:
            return self._keep_failure(source, item, f"the page could not be fetched: {exc}")
        with metrics.timed("store"):
            fetch_id = self.store.save_fetch(page, source.id)
        article = await self._extract_elsewhere(page, source, item)
        if not article.page_read:
            return self._keep_failure(source, item, article.warnings[-1], article, fetch_id)
        processed = await self.process_in_pool(article, source=source, item=item,
                                               fetch_id=fetch_id)
        if retried:
            self.store.clear_failed_item(source.id, item.url)
        return processed

    def _after_crash(self, source: Source, item: SourceItem, error: Exception
                     ) -> ProcessedArticle:
        """An item whose processing raised (a bug, the store failing): counted, and kept."""
        log.error("item %s failed", item.url, exc_info=error)
        reason = f"{type(error).__name__}: {error}"
        try:
            return self._keep_failure(source, item, reason)
        except Exception:  # the store is failing too: the count and the log must do
            log.exception("could not keep the failed item %s", item.url)
            return ProcessedArticle(None, False, False, None, failure=reason)

    def _keep_failure(
        self, source: Source, item: SourceItem, error: str, article: Article | None = None,
        fetch_id: int | None = None,
    ) -> ProcessedArticle:
        """Store what the item itself says (marked as not read from its page) and keep the
        item for another try; nothing is dropped, and the failure is counted."""
        article = article or extract.unread_article(item.url, item, error, [])
        stored = self.store.find_article_id(normalize_url(item.url))
        processed = ProcessedArticle(stored, created=False, changed=False, story_id=None)
        if (article.title or article.text) and not self._read_before(stored):
            try:
                processed = self.process(article, source=source, item=item, fetch_id=fetch_id)
            except Exception as exc:  # the store itself failed: keep the item at least
                log.exception("could not store the feed's words for %s", item.url)
                error = f"{error}; storing failed: {type(exc).__name__}: {exc}"
        self.store.record_failed_item(source.id, item.url, error, guid=item.guid,
                                      article_id=processed.article_id, fetch_id=fetch_id)
        processed.failure = error
        return processed

    def _read_before(self, article_id: int | None) -> bool:
        """An article stored from its page is never replaced by a feed item's words."""
        return article_id is not None and self.store.get_article(article_id).article.page_read

    async def _extract_elsewhere(
        self, page: FetchResult, source: Source, item: SourceItem,
    ) -> Article:
        """`extract_page`, with the extraction itself in the stage pool."""
        site = _site(page.final_url)
        html = page.text()
        # a huge page is left to the workers: here it would hold up the event loop
        run = self.pool.share if len(html) <= SHARED_PAGE_CHARS else self.pool.run_measured
        try:
            with metrics.waited("extract"):
                article, cpu = await run(extract.extract_article, html, page.final_url,
                                         item=item, **self._extract_options(site, source))
        except Exception as exc:  # extraction is total; this is the pool itself failing
            return extract.unread_article(page.final_url, item,
                                          f"extraction failed: {type(exc).__name__}: {exc}", [])
        metrics.cpu_spent("extract", cpu)
        if site and article.page_read:
            with metrics.timed("learn"):
                self.learned.observe_page(site, article)
        return article

    def flush_learned(self) -> None:
        """Write learned counts (the word counts when due), and place articles whose
        placement was cut short; a failure here costs statistics or a delay, never
        articles."""
        try:
            self.learned.flush()
            self.desk.place_unplaced()
        except StoreError as exc:
            log.warning("could not finish the poll's bookkeeping: %s", exc)
        give_back_free_pages()  # now and then: what the poll freed, back to the system

    def preview(self, page: FetchResult) -> Article:
        """A page through extraction and repair, stored nowhere (``newsdesk extract``)."""
        return self._repaired(clean_article(self.extract_page(page, observe=False)))

    def _repaired(self, article: Article) -> Article:
        """The article repaired, unless it is too long to (see `_repairable`)."""
        if not self._repairable(article):
            return article
        return repair.repair_article(article, self.learned.vocabulary)

    def _repairable(self, article: Article) -> bool:
        """False, and logged, when a field is too long to repair in reasonable time
        (NEWSDESK_MAX_REPAIR_LINE): the article is then kept as extracted."""
        limit = self.limits.max_repair_line_chars
        longest = max(len(article.title), len(article.summary), len(article.text))
        if longest > limit:
            log.warning("not repairing %s: %s characters is over the limit of %s"
                        " (NEWSDESK_MAX_REPAIR_LINE)", article.url, f"{longest:,}", f"{limit:,}")
        return longest <= limit

    def extract_page(
        self, page: FetchResult, *, source: Source | None = None, item: SourceItem | None = None,
        observe: bool = True,
    ) -> Article:
        """A fetched page as a clean article (not yet repaired); ``observe`` counts its lines
        towards learning the site's chrome."""
        site = _site(page.final_url)
        with metrics.timed("extract"):
            article = extract.extract_article(page.text(), page.final_url, item=item,
                                              **self._extract_options(site, source))
        if observe and site and article.page_read:
            self.learned.observe_page(site, article)
        return article

    def _extract_options(self, site: str | None, source: Source | None) -> dict[str, Any]:
        settings = source.settings if source else {}
        return {
            "learned_chrome": self.learned.chrome_for(site) if site else frozenset(),
            "language_hint": settings.get("language"),
            "body_selector": settings.get("body_selector"),
        }

    def process(
        self, article: Article, *, source: Source | None = None, item: SourceItem | None = None,
        fetch_id: int | None = None, links: Sequence[str] = (),
    ) -> ProcessedArticle:
        """Repair, store, and group one extracted article. ``links``: pages the item points
        to (a channel post's), which tell grouping what story a short post is about."""
        return self._store_and_group(self._prepared(article, source), source=source,
                                     item=item, fetch_id=fetch_id, links=links)

    async def process_in_pool(
        self, article: Article, *, source: Source, item: SourceItem, fetch_id: int | None = None,
    ) -> ProcessedArticle:
        """`process`, with the article repaired, its words to learn counted and signed for
        grouping in the stage pool, so the event loop stores other articles meanwhile (the
        worker keeps the word lists, 6-15 MiB a language, and a copy of the vocabulary)."""
        if not self.pool.workers:
            return self.process(article, source=source, item=item, fetch_id=fetch_id)
        credited = self._credited(clean_article(article), source)
        # The workers sign, with a snapshot of the site's boilerplate. (Round 5 moved signing
        # here with one worker, then the bottleneck; since extraction is shared and the word
        # lists are tries, this process is, and signing there is 0.39-0.48x the loop's speed
        # on invented pages against 0.30-0.42x here: docs/ingest.md, round 13.)
        sign_there = self.pool.workers >= SIGNING_WORKERS
        try:
            with metrics.waited("repair"):  # the worker's repair, word counting (and signing)
                prepared = await self.pool.run(
                    prepare_article, credited,
                    self._shared_words.current(self.learned.vocabulary),
                    self.desk.boilerplate_for(credited) if sign_there else None,
                    repair_text=self._repairable(credited), sign=sign_there)
        except Exception:  # the pool itself failing: all of it here
            log.exception("could not prepare %s in the stage pool", article.url)
            return self.process(article, source=source, item=item, fetch_id=fetch_id)
        for stage, cpu in prepared.cpu.items():
            metrics.cpu_spent(stage, cpu)
        return self._store_and_group(prepared.article, source=source, item=item,
                                     fetch_id=fetch_id, signature=prepared.signature,
                                     words=prepared.words)

    def _prepared(self, article: Article, source: Source | None) -> Article:
        """The article credited as the source's settings say, identified, and repaired."""
        article = self._credited(clean_article(article), source)
        with metrics.timed("repair"):
            return self._repaired(article)

    def _credited(self, article: Article, source: Source | None) -> Article:
        """Credited as the source's settings say, and known by its canonical URL."""
        settings = source.settings if source else {}
        if settings.get("original_source"):
            article = replace(article, original_source=extract.credit_override(
                settings["original_source"]))
        return replace(article, canonical_url=identity_url(article))

    def _store_and_group(
        self, article: Article, *, source: Source | None, item: SourceItem | None,
        fetch_id: int | None, links: Sequence[str] = (),
        signature: stories.Signature | None = None, words: Counter[str] | None = None,
    ) -> ProcessedArticle:
        """Store a prepared article, learn from it, and place it in a story. ``signature``
        and ``words`` (to learn): the article's, when they were worked out elsewhere."""
        with metrics.timed("store"):
            saved = self.store.save_article(
                article, source_id=source.id if source else None, fetch_id=fetch_id,
                guid=item.guid if item else None,
            )
        if saved.created:
            with metrics.timed("learn"):
                self.learned.learn_words(article, words)
        story_id = None
        if saved.changed:
            with metrics.timed("group"):
                story_id = self.desk.place(saved.id, article, links, signature)
        return ProcessedArticle(saved.id, saved.created, saved.changed, story_id)


def identity_url(article: Article) -> str:
    """The URL an article is known by: its canonical URL normalised, or, when a page
    declares one no browser could open (``http://0:99999/``), the URL it was fetched from."""
    if article.canonical_url:
        try:
            return normalize_url(article.canonical_url)
        except ValueError:
            log.info("ignoring the canonical URL %r of %s", article.canonical_url, article.url)
    return normalize_url(article.url)


_NO_TIME = datetime.min.replace(tzinfo=UTC)


def _item_time(item: SourceItem) -> datetime:
    """When an item says it was published (undated items sort last, in document order)."""
    return item.published or item.updated or _NO_TIME


def _site(url: str) -> str | None:
    """The site whose chrome a page shares; None for a local file."""
    try:
        return site_of(url)
    except ValueError:
        return None


def _wants_page(source: Source, item: SourceItem) -> bool:
    """Fetch the article page unless the source is a channel or asks to keep the feed's text."""
    if source.kind == SourceKind.TELEGRAM:
        return False
    return not (source.settings.get("full_text") is False and (item.content_html or item.summary))
