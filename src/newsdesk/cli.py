"""The `newsdesk` command: parse arguments, call the app, print. Nothing else lives here."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from newsdesk import __version__
from newsdesk.commands import COMMANDS, CommandError
from newsdesk.commands.arguments import Parser, port, row_id, whole_number
from newsdesk.config import ConfigError, load_config
from newsdesk.ops.logs import configure_logging, level_for
from newsdesk.source_settings import SETTINGS
from newsdesk.store.posting import POST_STATES

KINDS = ("auto", "feed", "sitemap", "page", "telegram")
LONG_RUNNING = ("serve", "run", "worker", "poll")  # they log at INFO by default
source_id, story_id, article_id = row_id("source"), row_id("story"), row_id("article")
limit = whole_number(1, 10_000)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="newsdesk", description="Follow news sources, keep each story once, clean and"
        " credited, and republish it.")
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    parser.add_argument("--db", help="database: a file path (SQLite) or a postgresql:// URL"
                        " (default: DATA_DIR/newsdesk.db, or $NEWSDESK_DB)")
    parser.add_argument("--data-dir", help="where the embedded store lives"
                        " (default: ~/.local/share/newsdesk, or $NEWSDESK_DATA_DIR)")
    parser.add_argument("--allow-private", action="store_true",
                        help="allow fetching from private and loopback addresses")
    parser.add_argument("--config", metavar="FILE", help="a TOML settings file (default:"
                        " $NEWSDESK_CONFIG, or DATA_DIR/newsdesk.toml when it exists)")
    parser.add_argument("--log-format", choices=("text", "json"),
                        help="log lines as text (default) or JSON, one per event")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="say more")
    parser.add_argument("-q", "--quiet", action="count", default=0, help="say less")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sources = sub.add_parser("sources", help="follow and manage sources: add, list, show, set,"
                             " import, export, remove")
    sources_sub = sources.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sources_sub.add_parser("add", help="follow a feed, sitemap, section page or channel")
    add.add_argument("url")
    add.add_argument("--name")
    add.add_argument("--kind", choices=KINDS, default="auto")
    add.add_argument("--folder")
    listing = sources_sub.add_parser("list", help="every source with its status")
    listing.add_argument("--json", action="store_true")
    remove = sources_sub.add_parser("remove", help="stop following a source")
    remove.add_argument("id", type=source_id)
    show = sources_sub.add_parser("show", help="one source: status and settings")
    show.add_argument("id", type=source_id)
    show.add_argument("--json", action="store_true")
    settings = sources_sub.add_parser(
        "set", help="change a source's settings",
        description="Settings: " + "; ".join(f"{s.key}: {s.help}" for s in SETTINGS.values()))
    settings.add_argument("id", type=source_id)
    settings.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    opml_in = sources_sub.add_parser("import", help="follow every feed of an OPML file")
    opml_in.add_argument("file", metavar="FILE.opml")
    opml_out = sources_sub.add_parser("export", help="write every source as OPML")
    opml_out.add_argument("--output", "-o", metavar="FILE", help="default: standard output")

    poll = sub.add_parser("poll", help="fetch due sources and process what is new")
    poll.add_argument("--once", action="store_true",
                      help="poll every active source once now, then exit")

    extract = sub.add_parser("extract", help="run pages through the article pipeline")
    extract.add_argument("pages", nargs="+", metavar="URL_OR_FILE")
    extract.add_argument("--json", action="store_true")

    repair = sub.add_parser("repair", help="repair damaged text: stdin to stdout, line by line")
    repair.add_argument("--json", action="store_true", help="one JSON object per line, with edits")
    repair.add_argument("--normalize-quotes", action="store_true")

    search = sub.add_parser("search", help="find stored articles")
    search.add_argument("query")
    search.add_argument("--json", action="store_true")
    search.add_argument("--limit", type=limit, default=20)

    stories = sub.add_parser("stories", help="list stories, or correct grouping")
    stories.add_argument("--json", action="store_true")
    stories.add_argument("--limit", type=limit, default=20)
    stories_sub = stories.add_subparsers(dest="action", metavar="ACTION")
    split = stories_sub.add_parser("split", help="take an article out of its story")
    split.add_argument("article_id", type=article_id)
    merge = stories_sub.add_parser("merge", help="fold one story into another")
    merge.add_argument("from_story", type=story_id)
    merge.add_argument("into_story", type=story_id)

    index = sub.add_parser("index", help="the search index")
    index_sub = index.add_subparsers(dest="action", required=True, metavar="ACTION")
    index_sub.add_parser("rebuild", help="rebuild the search index from the stored articles")

    worker = sub.add_parser("worker", help="poll sources from the PostgreSQL job queue"
                            " (run several, on several machines)")
    worker.add_argument("--concurrency", type=whole_number(1, 1000), default=8,
                        help="polls at once (default 8)")
    worker.add_argument("--name", help="a name for this worker in logs")
    worker.add_argument("--metrics-port", type=port, metavar="PORT",
                        help="serve /metrics and /healthz on this port (default: off)")

    reprocess = sub.add_parser("reprocess", help="re-extract stored pages without fetching")
    reprocess.add_argument("--source", type=source_id, help="only this source's articles")

    for name, text in (("serve", "serve the site and API"),
                       ("run", "poll sources and serve the site in one process")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--host", default="127.0.0.1")
        cmd.add_argument("--port", type=port, default=8080)
    users = sub.add_parser("users", help="accounts of the web desk (/desk): add, list, role,"
                           " passwd, remove")
    users_sub = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    add_user = users_sub.add_parser(
        "add", help="add an account; the password is asked for (or read from stdin)")
    add_user.add_argument("name")
    add_user.add_argument("--role", choices=("admin", "editor"), default="editor",
                          help="admin: also sources, users, settings (default: editor)")
    users_sub.add_parser("list", help="every account and its role").add_argument(
        "--json", action="store_true")
    for action, text in (("remove", "delete an account (its sessions end)"),
                         ("passwd", "set a new password (its sessions end)")):
        users_sub.add_parser(action, help=text).add_argument("name")
    role = users_sub.add_parser("role", help="make an account admin or editor")
    role.add_argument("name")
    role.add_argument("role", choices=("admin", "editor"))

    posting = sub.add_parser("posts", help="the posting queue of every channel: held, pending,"
                             " sent, failed, skipped, with last errors")
    posting.add_argument("--channel", help='only this channel ("wordpress:https://…",'
                         ' "telegram:@…")')
    posting.add_argument("--state", choices=POST_STATES, help="only posts in this state")
    posting.add_argument("--limit", type=int, default=50, help="posts listed (default 50)")
    posting.add_argument("--json", action="store_true")
    wordpress = sub.add_parser("wordpress", help="the WordPress site stories are posted to:"
                               " check, plugin")
    wordpress_sub = wordpress.add_subparsers(dest="action", required=True, metavar="ACTION")
    wordpress_sub.add_parser("check", help="reach the site as the configured user and say"
                             " what posting there will do").add_argument("--json",
                                                                         action="store_true")
    wordpress_sub.add_parser("plugin", help="print newsdesk's WordPress plugin (for"
                             " wp-content/mu-plugins/)")

    demo = sub.add_parser("demo", help="run newsdesk against a bundled sample news network")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=port, default=8080)
    demo.add_argument("--publish-every", type=float, default=20.0,
                      help="seconds between new stories on the sample network")
    add_operations(sub)
    return parser


def add_operations(sub: Any) -> None:
    """`config`, `migrate`, `prune`, `backup`, `restore`, `completion`: running it for real."""
    config = sub.add_parser("config", help="the settings in effect: show, example")
    config_sub = config.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = config_sub.add_parser("show", help="every setting, its value and where it came"
                                 " from (flag, env, file, default); secrets masked")
    show.add_argument("--json", action="store_true")
    config_sub.add_parser("example", help="print a config file with every setting")
    sub.add_parser("migrate", help="create or upgrade the database's tables (and the job"
                   " queue's, on PostgreSQL), then exit")
    prune = sub.add_parser("prune", help="drop what the retention settings no longer keep:"
                           " old fetched bodies, old revisions, finished jobs")
    prune.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    prune.add_argument("--fetch-days", type=float, metavar="DAYS",
                       help="keep fetched bodies this many days (0: forever)")
    prune.add_argument("--revisions", type=whole_number(0, 1_000_000), metavar="N",
                       help="keep this many earlier revisions per article (0: all)")
    prune.add_argument("--vacuum", action="store_true",
                       help="then give the freed space back to the file system (SQLite)")
    backup = sub.add_parser("backup", help="copy the database to a file, consistently, while"
                            " newsdesk runs")
    backup.add_argument("path", metavar="PATH")
    restore = sub.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("path", metavar="PATH")
    restore.add_argument("--force", action="store_true",
                         help="replace a database that already holds articles")
    completion = sub.add_parser("completion", help="print a shell completion script")
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    verbosity = args.verbose - args.quiet
    flags = {"log.format": args.log_format, "metrics.port": getattr(args, "metrics_port", None)}
    try:
        config = load_config(db=args.db, data_dir=args.data_dir, allow_private=args.allow_private,
                             verbosity=verbosity, config_file=args.config, flags=flags)
    except ConfigError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 2
    long_running = args.command in LONG_RUNNING and not getattr(args, "once", False)
    configure_logging(level=level_for(config.log_level, verbosity, long_running=long_running),
                      fmt=config.log_format, secrets=config.secrets())
    for warning in config.warnings:
        logging.getLogger("newsdesk.config").warning(warning)
    key = args.command + (f" {args.action}" if getattr(args, "action", None) else "")
    try:
        result = COMMANDS[key](config, args)
        if asyncio.iscoroutine(result):
            result = asyncio.run(result)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's exit
    except CommandError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `newsdesk search x | head -1`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as the shell reports a command ended by SIGPIPE
    return int(result or 0)


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
