"""`newsdesk posts`: the posting queue of every channel (Telegram, WordPress), as the desk's
publishing page shows it; `newsdesk wordpress ...`: checking the WordPress site posts go to,
and the plugin it may install."""

from __future__ import annotations

import argparse

from newsdesk.commands._common import CommandError, json_out, opened
from newsdesk.config import Config
from newsdesk.publish.wordpress import (
    Backoff,
    WordPressClient,
    WordPressError,
    WordPressPosts,
    plugin_source,
)
from newsdesk.store import ChannelPost
from newsdesk.store.posting import POST_STATES
from newsdesk.terminal import print_table


def posts(config: Config, args: argparse.Namespace) -> int:
    """One line per channel (its posts by state), then the posts, newest story first."""
    states = (args.state,) if args.state else ()
    with opened(config) as app:
        counts = app.store.post_counts()
        listed = app.store.channel_posts(args.channel, states=states, limit=args.limit)
    if args.json:
        json_out({"channels": counts, "posts": [_shape(p) for p in listed]})
        return 0
    if not counts:
        print("Nothing posted yet. Posting starts with `newsdesk run` or `serve` once a channel"
              " is set up (NEWSDESK_TELEGRAM_*, NEWSDESK_WORDPRESS_*).")
        return 0
    for channel, by_state in sorted(counts.items()):
        shown = ", ".join(f"{by_state[s]} {s}" for s in POST_STATES if by_state.get(s))
        print(f"{channel}: {shown}")
    if listed:
        print()
        print_table(["STORY", "CHANNEL", "STATE", "TRIES", "MESSAGE", "LAST ERROR"],
                    [[p.story_id, p.channel, p.state, p.attempts, p.message_id or "",
                      p.last_error or ""] for p in listed], max_width=100)
    return 0


def _shape(post: ChannelPost) -> dict[str, object]:
    return {"story_id": post.story_id, "channel": post.channel, "state": post.state,
            "attempts": post.attempts, "message_id": post.message_id,
            "last_error": post.last_error,
            "not_before": post.not_before.isoformat() if post.not_before else None,
            "updated_at": post.updated_at.isoformat()}


async def wordpress_check(config: Config, args: argparse.Namespace) -> int:
    """Reach the site with the configured user and say what posting there will do."""
    settings = config.wordpress
    if not settings.enabled:
        raise CommandError("WordPress posting is off: set NEWSDESK_WORDPRESS_URL,"
                           " NEWSDESK_WORDPRESS_USER and NEWSDESK_WORDPRESS_APP_PASSWORD"
                           " (see docs/wordpress.md)", 2)
    assert settings.url and settings.user and settings.app_password
    client = WordPressClient(settings.url, settings.user, settings.app_password,
                             backoff=Backoff(tries=2))
    try:
        check = await WordPressPosts(client).check()
    except WordPressError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        await client.close()
    problems = check.problems()
    if args.json:
        json_out({"url": settings.url, "site": check.name, "user": check.user,
                  "roles": list(check.roles), "plugin": check.plugin,
                  "status": settings.status, "hidden": settings.hidden,
                  "problems": problems})
    else:
        print(f"{settings.url}: {check.name!r}, posting as {check.user}"
              f" ({', '.join(check.roles) or 'no role'}); newsdesk's plugin"
              f" {'installed' if check.plugin else 'not installed'}; new posts:"
              f" {settings.status}; hidden stories: {settings.hidden}")
        for problem in problems:
            print(f"  ! {problem}")
    return 0 if check.can_publish else 1


def wordpress_plugin(config: Config, args: argparse.Namespace) -> int:
    """Print newsdesk's WordPress plugin (for wp-content/mu-plugins/newsdesk.php)."""
    print(plugin_source(), end="")
    return 0
