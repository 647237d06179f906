"""`newsdesk poll`, `extract`, `repair` and `reprocess`: the pipeline, on demand."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsdesk import extract
from newsdesk.commands._common import CommandError, json_out, opened
from newsdesk.config import Config
from newsdesk.fetch import Fetcher, check_url, detect_charset
from newsdesk.jobs import PollOutcome
from newsdesk.publish import shapes
from newsdesk.records import FetchResult
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
    failed = [o for o in outcomes if o.error]
    new = sum(o.report.new_articles for o in outcomes if o.report)
    print(f"Polled {len(outcomes)} source(s): {new} new article(s), {len(failed)} failed.")
    for outcome in failed:
        print(f"  source {outcome.source.id} ({outcome.source.name}): {outcome.error}",
              file=sys.stderr)
    return 0


def _describe(outcome: PollOutcome) -> str:
    if outcome.error:
        return f"{outcome.source.name}: error: {outcome.error}"
    report = outcome.report
    assert report is not None
    if report.not_modified:
        return f"{outcome.source.name}: not modified"
    return f"{outcome.source.name}: {report.new_articles} new of {report.items} items"


def poll_line(config: Config) -> Callable[[PollOutcome], None] | None:
    if config.verbosity < 0:
        return None
    return lambda outcome: print(_describe(outcome), file=sys.stderr)


async def extract_pages(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        async with app.fetcher() as fetcher:
            for target in args.pages:
                page = await _load_page(target, fetcher)
                try:
                    article = app.pipeline.preview(page)
                except extract.ExtractError as exc:
                    raise CommandError(f"{target}: {exc}") from exc
                if args.json:
                    json_out(shapes.extracted(article))
                else:
                    _print_article(article)
    return 0


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
    with opened(config) as app:
        pairs = list(app.store.iter_fetched_articles(args.source))
        progress = Progress(len(pairs), "reprocessing", quiet=config.verbosity < 0)
        changed = failed = 0
        for article_id, fetch_id in pairs:
            stored = app.store.get_article(article_id)
            source = app.store.get_source(stored.source_id) if stored.source_id else None
            try:
                article = app.pipeline.extract_page(app.store.get_fetch(fetch_id), source=source,
                                                    observe=False)
            except extract.ExtractError as exc:
                failed += 1
                progress.step(f"article {article_id}: {exc}")
                continue
            article = replace(article, canonical_url=stored.article.url)
            result = app.pipeline.process(article, source=source, fetch_id=fetch_id)
            changed += result.changed
            progress.step(f"article {article_id}")
        app.pipeline.flush_learned()
        progress.done()
    print(f"Reprocessed {len(pairs)} article(s): {changed} changed, {failed} failed.")
    return 0
