"""`newsdesk poll`, `extract`, `repair` and `reprocess`: the pipeline, on demand."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsdesk.app import App
from newsdesk.commands._common import CommandError, json_out, opened
from newsdesk.config import Config
from newsdesk.fetch import Fetcher, FetchError, check_url, detect_charset
from newsdesk.jobs import PollOutcome
from newsdesk.pipeline import ProcessedArticle
from newsdesk.publish import shapes
from newsdesk.records import FetchResult, SourceItem
from newsdesk.store import Source
from newsdesk.terminal import Progress


async def poll(config: Config, args: argparse.Namespace) -> int:
    from newsdesk.serving import cancelled_by_signals, poll_forever

    with opened(config) as app:
        if not args.once:
            await poll_forever(app, progress=poll_line(config))
            return 0
        total = sum(1 for s in app.store.list_sources() if s.status == "active")
        progress = Progress(total, "polling", quiet=config.verbosity < 0)
        try:
            with cancelled_by_signals():
                async with app.fetcher() as fetcher:
                    outcomes = await app.poller.poll_due(
                        fetcher, everything=True, progress=lambda o: progress.step(_describe(o)))
        except asyncio.CancelledError:
            asyncio.current_task().uncancel()  # type: ignore[union-attr]  # we asked for it
            progress.done()
            raise CommandError("stopped by a signal; what was stored is kept, and the sources"
                               " not finished are polled again next time", exit_code=130) from None
        progress.done()
    return _poll_summary(outcomes)


def _poll_summary(outcomes: list[PollOutcome]) -> int:
    """Print what a poll did; 1 when every source failed or one lost every item it tried."""
    failed = [o for o in outcomes if o.error]
    reports = [o.report for o in outcomes if o.report]
    new = sum(r.new_articles for r in reports)
    items_failed = sum(len(r.item_errors) for r in reports)
    print(f"Polled {len(outcomes)} source(s): {new} new article(s), {items_failed} item(s) "
          f"failed (kept for retry), {len(failed)} source(s) failed.")
    for outcome in failed:
        print(f"  source {outcome.source.id} ({outcome.source.name}): {outcome.error}",
              file=sys.stderr)
    lost = [o for o in outcomes if o.report and o.report.all_items_failed]
    for outcome in lost:
        report = outcome.report
        assert report is not None
        print(f"  source {outcome.source.id} ({outcome.source.name}): all {report.attempted}"
              f" item(s) failed, e.g. {report.item_errors[0]}", file=sys.stderr)
    if lost or items_failed:
        print("  see them with `newsdesk sources show ID`; `newsdesk reprocess` retries stored"
              " pages, the next poll fetches again", file=sys.stderr)
    return 1 if lost or (outcomes and len(failed) == len(outcomes)) else 0


def _describe(outcome: PollOutcome) -> str:
    if outcome.error:
        return f"{outcome.source.name}: error: {outcome.error}"
    report = outcome.report
    assert report is not None
    if report.not_modified:
        return f"{outcome.source.name}: not modified"
    failed = f", {len(report.item_errors)} failed" if report.item_errors else ""
    return f"{outcome.source.name}: {report.new_articles} new of {report.items} items{failed}"


def poll_line(config: Config) -> Callable[[PollOutcome], None] | None:
    """Each poll's outcome as a log line: INFO, or WARNING when it failed."""
    log = logging.getLogger("newsdesk.polls")
    return lambda outcome: log.log(logging.WARNING if outcome.error else logging.INFO,
                                   "source %s: %s", outcome.source.id, _describe(outcome))


async def extract_pages(config: Config, args: argparse.Namespace) -> int:
    """Every input gives one result, in order; a failed one says why and the rest go on."""
    failures = 0
    with opened(config) as app:
        async with app.fetcher() as fetcher:
            for target in args.pages:
                try:
                    article = app.pipeline.preview(await _load_page(target, fetcher))
                    error = None if article.page_read else article.warnings[-1]
                except (CommandError, FetchError, ValueError, OSError) as exc:
                    error = str(exc)
                failures += error is not None
                if error is not None and args.json:
                    json_out({"input": target, "error": error})
                elif error is not None:
                    print(f"{target}: {error}", file=sys.stderr)
                elif args.json:
                    json_out({"input": target, **shapes.extracted(article)})
                else:
                    _print_article(article)
    return 1 if failures else 0


async def _load_page(target: str, fetcher: Fetcher) -> FetchResult:
    path = Path(target)
    if "://" not in target:
        if not path.is_file():
            raise CommandError(f"{target} is neither a readable file nor a URL")
        body = path.read_bytes()
        return FetchResult(url=path.resolve().as_uri(), final_url=path.resolve().as_uri(),
                           status=200, headers={}, body=body, fetched_at=datetime.now(UTC),
                           charset=detect_charset("text/html", body))
    check_url(target)
    return await fetcher.fetch(target)


def _print_article(article: Any) -> None:
    credit = article.original_source
    print(article.title)
    print(f"{article.publisher or ''}" + (f" · from {credit.name}" if credit else ""))
    if article.summary:
        print(f"\n{article.summary}")
    print(f"\n{article.text}\n")


def reprocess(config: Config, args: argparse.Namespace) -> int:
    """Re-extract every stored page; items whose page failed before are retried too."""
    with opened(config) as app:
        pairs = list(app.store.iter_fetched_articles(args.source))
        failures = app.store.failed_items(args.source)
        unstored = [f for f in failures if f.article_id is None and f.fetch_id is not None]
        progress = Progress(len(pairs) + len(unstored), "reprocessing",
                            quiet=config.verbosity < 0)
        tally = _Tally()
        for article_id, fetch_id in pairs:
            stored = app.store.get_article(article_id)
            source = app.store.get_source(stored.source_id) if stored.source_id else None
            item = SourceItem(url=stored.article.url, guid=stored.guid)
            tally.add(_reprocess_one(app, fetch_id, source, item, stored.article.url), progress,
                      f"article {article_id}", item.url)
        for failure in unstored:
            assert failure.fetch_id is not None
            source = app.store.get_source(failure.source_id)
            item = SourceItem(url=failure.url, guid=failure.guid)
            tally.add(_reprocess_one(app, failure.fetch_id, source, item, failure.url),
                      progress, failure.url, failure.url)
        for failure in failures:
            if failure.url in tally.read or failure.article_id in tally.read_ids:
                app.store.clear_failed_item(failure.source_id, failure.url)
        app.pipeline.flush_learned()
        progress.done()
        waiting = len(app.store.failed_items(args.source))
    print(f"Reprocessed {tally.total} page(s): {tally.changed} changed, {tally.failed} could not"
          f" be read; {waiting} failed item(s) still kept for retry.")
    return 1 if tally.total and tally.failed == tally.total else 0


class _Tally:
    """What a reprocess run did: pages tried, changed, still unreadable; what was read."""

    def __init__(self) -> None:
        self.total = self.changed = self.failed = 0
        self.read: set[str] = set()  # URLs read at last
        self.read_ids: set[int] = set()

    def add(self, result: tuple[ProcessedArticle | None, str | None], progress: Progress,
            label: str, url: str) -> None:
        processed, error = result
        self.total += 1
        if processed is None:
            self.failed += 1
            progress.step(f"{label}: {error}")
            return
        self.changed += processed.changed
        self.read.add(url)
        if processed.article_id is not None:
            self.read_ids.add(processed.article_id)
        progress.step(label)


def _reprocess_one(app: App, fetch_id: int, source: Source | None, item: SourceItem, url: str
                   ) -> tuple[ProcessedArticle | None, str | None]:
    """One stored page through extraction again; a page still unreadable changes nothing."""
    article = app.pipeline.extract_page(app.store.get_fetch(fetch_id), source=source,
                                        item=item, observe=False)
    if not article.page_read:
        return None, article.warnings[-1]
    article = replace(article, canonical_url=url)
    return app.pipeline.process(article, source=source, item=item, fetch_id=fetch_id), None
