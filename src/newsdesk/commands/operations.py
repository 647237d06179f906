"""`newsdesk config`, `migrate`, `prune`, `backup`, `restore` and `completion`."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from newsdesk.commands._common import CommandError, json_out, opened
from newsdesk.config import ENV_PREFIX, SETTINGS, Config
from newsdesk.config_schema import example_file
from newsdesk.ops import backup as ops_backup
from newsdesk.ops import retention
from newsdesk.store import StoreError, rebuild_search_index
from newsdesk.terminal import Progress, print_table


def config_show(config: Config, args: argparse.Namespace) -> int:
    settings = [{"key": key, "value": found.shown, "source": found.origin,
                 "env": ENV_PREFIX + found.setting.env_name}
                for key, found in config.settings.items()]
    if args.json:
        json_out({"file": str(config.config_file) if config.config_file else None,
                  "settings": settings})
        return 0
    where = config.config_file or f"none ({config.data_dir}/newsdesk.toml does not exist)"
    print(f"# config file: {where}")
    print_table(["SETTING", "VALUE", "FROM", "ENVIRONMENT"],
                [[s["key"], s["value"], s["source"], s["env"]] for s in settings],
                max_width=70)
    return 0


def config_example(config: Config, args: argparse.Namespace) -> int:
    print(example_file(SETTINGS, env_prefix=ENV_PREFIX), end="")
    return 0


def completion(config: Config, args: argparse.Namespace) -> int:
    from newsdesk.cli import build_parser
    from newsdesk.ops.completion import script

    print(script(args.shell, build_parser()), end="")
    return 0


def migrate(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        version = app.store.schema_version()
        if app.store.url.startswith(("postgresql://", "postgres://")):
            from newsdesk.jobs.queue_schema import ensure_queue_schema

            try:
                ensure_queue_schema(app.store.url)
            except StoreError as exc:
                raise CommandError(str(exc)) from exc
    print(f"The database is at schema version {version}.")
    return 0


async def prune(config: Config, args: argparse.Namespace) -> int:
    policy = replace(config.retention, **{
        name: value for name, value in (("fetch_days", args.fetch_days),
                                        ("revisions", args.revisions)) if value is not None})
    with opened(config) as app:
        report = await retention.prune(app.store, policy, dry_run=args.dry_run)
        if args.vacuum and not args.dry_run:
            app.store.vacuum()
    print(report.summary())
    return 0


def backup(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        made = ops_backup.backup(app.store, Path(args.path))
    print(f"Backed up {made.articles} article(s) to {made.path} ({made.engine},"
          f" {made.size_bytes / 1e6:.1f} MB).")
    return 0


def restore(config: Config, args: argparse.Namespace) -> int:
    try:
        articles = ops_backup.restore(Path(args.path), config.db, force=args.force)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    with opened(config) as app:  # the old index belongs to the old database: build anew
        progress = Progress(articles, "indexing", quiet=config.verbosity < 0)
        rebuild_search_index(app.store, lambda n, _total: progress.at(n))
        progress.done()
    print(f"Restored {articles} article(s) from {args.path}; the search index was rebuilt.")
    return 0
