"""What each `newsdesk` command does, in terms of the app. `cli` parses; this acts."""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsdesk import extract, repair, sources
from newsdesk.app import App
from newsdesk.config import Config
from newsdesk.fetch import Fetcher, FetchError, check_url
from newsdesk.fetch.charset import detect_charset
from newsdesk.jobs import PollOutcome
from newsdesk.opml import OpmlError
from newsdesk.publish import shapes
from newsdesk.records import FetchResult
from newsdesk.source_settings import SettingError
from newsdesk.store import StoreError, rebuild_search_index
from newsdesk.subscriptions import add_source, change_settings, export_opml, import_opml
from newsdesk.terminal import Progress, print_table


class CommandError(Exception):
    """A command failed for a reason the user can act on; printed as one sentence."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@contextmanager
def opened(config: Config) -> Iterator[App]:
    try:
        app = App.open(config)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    try:
        yield app
    except (StoreError, FetchError) as exc:
        raise CommandError(str(exc)) from exc
    finally:
        app.close()


def _json_out(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False))


# -- sources ---------------------------------------------------------------------------------

async def sources_add(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        try:
            source = await add_source(app, args.url, kind=args.kind, name=args.name,
                                      folder=args.folder)
        except sources.SourceParseError as exc:
            raise CommandError(str(exc)) from exc
    print(f"Added source {source.id}: {source.name} ({source.kind}) {source.url}")
    return 0


def sources_list(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        found = app.store.list_sources()
    if args.json:
        _json_out([shapes.source(s) for s in found])
        return 0
    if not found:
        print("No sources yet. Add one with: newsdesk sources add URL")
        return 0
    print_table(
        ["ID", "NAME", "FOLDER", "KIND", "STATUS", "LAST SUCCESS", "NEXT POLL", "ITEMS",
         "LAST ERROR"],
        [[s.id, s.name, s.folder or "", s.kind, s.status, _when(s.last_success_at),
          _when(s.next_poll_at), s.items_seen, s.last_error or ""] for s in found],
    )
    return 0


def sources_remove(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        app.store.remove_source(args.id)
    print(f"Removed source {args.id}.")
    return 0


def sources_show(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        source = app.store.get_source(args.id)
    shape = shapes.source(source)
    if args.json:
        _json_out(shape)
        return 0
    for key, value in shape.items():
        if key == "settings":
            print("settings:" + ("" if value else "          (none)"))
            for name, setting in sorted(value.items()):
                print(f"{'  ' + name + ':':18} {setting}")
        else:
            print(f"{key + ':':18} {'' if value is None else value}")
    return 0


def sources_set(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        try:
            source = change_settings(app.store, args.id, args.assignments)
        except SettingError as exc:
            raise CommandError(str(exc), exit_code=2) from exc
    print(f"Source {source.id} ({source.name}): {', '.join(args.assignments)}")
    return 0


def sources_import(config: Config, args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror}") from exc
    with opened(config) as app:
        try:
            report = import_opml(app.store, data, allow_private=config.allow_private,
                                 interval_s=config.poll.default_interval_s)
        except OpmlError as exc:
            raise CommandError(f"{args.file}: {exc}") from exc
    print(f"Imported {args.file}: {len(report.added)} added, {len(report.present)} already"
          f" present, {len(report.rejected)} rejected.")
    for entry, reason in report.rejected:
        print(f"  rejected {entry}: {reason}", file=sys.stderr)
    return 0


def sources_export(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        data = export_opml(app.store)
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"Wrote {args.output}.", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if value else "never"


# -- polling ---------------------------------------------------------------------------------

async def poll(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        if not args.once:
            from newsdesk.serving import poll_forever

            await poll_forever(app, progress=_poll_line(config))
            return 0
        total = sum(1 for s in app.store.list_sources() if s.status == "active")
        progress = Progress(total, "polling", quiet=config.verbosity < 0)
        async with app.fetcher() as fetcher:
            outcomes = await app.poller.poll_due(
                fetcher, everything=True, progress=lambda o: progress.step(_describe(o)))
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


def _poll_line(config: Config) -> Callable[[PollOutcome], None] | None:
    if config.verbosity < 0:
        return None
    return lambda outcome: print(_describe(outcome), file=sys.stderr)


# -- pipeline on demand ----------------------------------------------------------------------

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
                    _json_out(shapes.extracted(article))
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


def repair_lines(config: Config, args: argparse.Namespace) -> int:
    vocabulary = None
    if Path(config.db).exists() or config.db.startswith("postgres"):
        with opened(config) as app:
            vocabulary = app.learned.vocabulary
    for line in sys.stdin:
        body, newline = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        fixed = repair.repair_text(body, vocabulary=vocabulary,
                                   normalize_quotes=args.normalize_quotes)
        if args.json:
            _json_out({"text": fixed.text, "damage_before": fixed.damage_before,
                       "damage_after": fixed.damage_after,
                       "edits": [{"offset": e.offset, "before": e.before, "after": e.after}
                                 for e in fixed.edits]})
        else:
            sys.stdout.write(fixed.text + newline)
    return 0


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


# -- reading ---------------------------------------------------------------------------------

def search(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        found = app.store.search(args.query, limit=args.limit)
    if args.json:
        _json_out([shapes.article_summary(a) for a in found])
        return 0
    for stored in found:
        a = stored.article
        print(f"[{stored.id}] {a.title}\n      {a.publisher or ''} · {a.canonical_url or a.url}")
    if not found:
        print(f"Nothing found for {args.query!r}.", file=sys.stderr)
    return 0


def stories(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        found = app.store.list_stories(limit=args.limit)
    if args.json:
        _json_out([shapes.story(s) for s in found])
        return 0
    for story in found:
        print(f"[{story.id}] {story.title} ({story.article_count} outlet(s))")
        for stored in story.articles:
            print(f"    {stored.relation or '':8} {stored.article.publisher or ''}:"
                  f" {stored.article.title}")
    return 0


def stories_split(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        new = app.desk.split(args.article_id)
    print(f"Article {args.article_id} is now story {new}.")
    return 0


def stories_merge(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        app.desk.merge(args.from_story, args.into_story)
    print(f"Story {args.from_story} merged into story {args.into_story}.")
    return 0


def index_rebuild(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        progress = Progress(app.store.article_count(), "indexing", quiet=config.verbosity < 0)
        done = rebuild_search_index(app.store, lambda n, _total: progress.at(n))
        progress.done()
    print(f"Indexed {done} article(s).")
    return 0


async def worker(config: Config, args: argparse.Namespace) -> int:
    from newsdesk.jobs.worker import WorkerError, run_worker

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    with opened(config) as app:
        try:
            await run_worker(app, concurrency=args.concurrency, stop=stop, name=args.name)
        except WorkerError as exc:
            raise CommandError(str(exc), exit_code=2) from exc
    return 0


# -- serving ---------------------------------------------------------------------------------

async def serve(config: Config, args: argparse.Namespace) -> int:
    from newsdesk.serving import serve_and_poll

    with opened(config) as app:
        await serve_and_poll(app, host=args.host, port=args.port, poll=args.command == "run",
                             on_started=lambda url: print(f"Serving on {url}", flush=True),
                             progress=_poll_line(config))
    return 0


async def demo(config: Config, args: argparse.Namespace) -> int:
    from newsdesk.demo_run import run_demo

    try:
        await run_demo(config, host=args.host, port=args.port, publish_every=args.publish_every)
    except OSError as exc:
        raise CommandError(f"{exc}; try another --port") from exc
    return 0


COMMANDS: dict[str, Callable[[Config, argparse.Namespace], Any]] = {
    "sources add": sources_add,
    "sources list": sources_list,
    "sources remove": sources_remove,
    "sources show": sources_show,
    "sources set": sources_set,
    "sources import": sources_import,
    "sources export": sources_export,
    "poll": poll,
    "extract": extract_pages,
    "repair": repair_lines,
    "reprocess": reprocess,
    "index rebuild": index_rebuild,
    "worker": worker,
    "search": search,
    "stories": stories,
    "stories split": stories_split,
    "stories merge": stories_merge,
    "serve": serve,
    "run": serve,
    "demo": demo,
}
