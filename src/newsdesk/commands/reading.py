"""`newsdesk search`, `stories` (and their corrections) and `index rebuild`."""

from __future__ import annotations

import argparse
import sys

from newsdesk.commands._common import json_out, opened
from newsdesk.config import Config
from newsdesk.publish import shapes
from newsdesk.store import rebuild_search_index
from newsdesk.terminal import Progress


def search(config: Config, args: argparse.Namespace) -> int:
    with opened(config) as app:
        found = app.store.search(args.query, limit=args.limit)
    if args.json:
        json_out([shapes.article_summary(a) for a in found])
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
        json_out([shapes.story(s) for s in found])
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
