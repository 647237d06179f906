"""What each `newsdesk` command does, in terms of the app. `cli` parses; these act."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from newsdesk.commands import (
    operations,
    pipeline,
    posting,
    reading,
    repairing,
    serving,
    sources,
    users,
)
from newsdesk.commands._common import CommandError
from newsdesk.config import Config

COMMANDS: dict[str, Callable[[Config, argparse.Namespace], Any]] = {
    "sources add": sources.sources_add,
    "sources list": sources.sources_list,
    "sources remove": sources.sources_remove,
    "sources show": sources.sources_show,
    "sources set": sources.sources_set,
    "sources import": sources.sources_import,
    "sources export": sources.sources_export,
    "poll": pipeline.poll,
    "extract": pipeline.extract_pages,
    "repair": repairing.repair_lines,
    "reprocess": pipeline.reprocess,
    "index rebuild": reading.index_rebuild,
    "worker": serving.worker,
    "search": reading.search,
    "stories": reading.stories,
    "stories split": reading.stories_split,
    "stories merge": reading.stories_merge,
    "serve": serving.serve,
    "run": serving.serve,
    "demo": serving.demo,
    "config show": operations.config_show,
    "config example": operations.config_example,
    "completion": operations.completion,
    "migrate": operations.migrate,
    "prune": operations.prune,
    "backup": operations.backup,
    "restore": operations.restore,
    "users add": users.users_add,
    "users list": users.users_list,
    "users remove": users.users_remove,
    "users passwd": users.users_passwd,
    "users role": users.users_role,
    "posts": posting.posts,
    "wordpress check": posting.wordpress_check,
    "wordpress plugin": posting.wordpress_plugin,
}

__all__ = ["COMMANDS", "CommandError"]
