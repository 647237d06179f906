"""`newsdesk sources ...`: follow, list, tune, import and export sources."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from newsdesk import sources
from newsdesk.commands._common import CommandError, json_out, opened
from newsdesk.config import Config
from newsdesk.opml import OpmlError
from newsdesk.publish import shapes
from newsdesk.source_settings import SettingError
from newsdesk.store import FailedItem, Source
from newsdesk.subscriptions import add_source, change_settings, export_opml, import_opml
from newsdesk.terminal import print_table


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
        json_out([shapes.source(s) for s in found])
        return 0
    if not found:
        print("No sources yet. Add one with: newsdesk sources add URL")
        return 0
    print_table(
        ["ID", "NAME", "FOLDER", "KIND", "STATUS", "LAST SUCCESS", "NEXT POLL", "ITEMS",
         "LAST ERROR"],
        [[s.id, s.name, s.folder or "", s.kind, s.status, _when(s.last_success_at),
          _when(s.next_poll_at), _items(s), s.last_error or ""] for s in found],
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
        failures = app.store.failed_items(args.id)
    shape = shapes.source(source)
    if args.json:
        json_out({**shape, "failed_items": [
            {"url": f.url, "error": f.error, "attempts": f.attempts} for f in failures]})
        return 0
    for key, value in shape.items():
        if key == "settings":
            print("settings:" + ("" if value else "          (none)"))
            for name, setting in sorted(value.items()):
                print(f"{'  ' + name + ':':18} {setting}")
        else:
            print(f"{key + ':':18} {'' if value is None else value}")
    _print_failures(failures)
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
                                 interval_s=config.poll.default_interval_s,
                                 max_outlines=config.limits.max_opml_outlines)
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


def _items(source: Source) -> str:
    return f"{source.items_seen}" + (f" ({source.items_failed} failed)"
                                     if source.items_failed else "")


def _print_failures(failures: list[FailedItem]) -> None:
    if failures:
        print(f"failed items ({len(failures)}, kept for retry; `newsdesk reprocess` re-reads"
              " kept pages):")
    for failure in failures:
        print(f"  {failure.url} ({failure.attempts} tries): {failure.error}")


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if value else "never"
