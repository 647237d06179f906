"""`newsdesk wordpress ...`: checking the WordPress site posts go to, and the plugin it may
install."""

from __future__ import annotations

import argparse

from newsdesk.commands._common import CommandError, json_out
from newsdesk.config import Config
from newsdesk.publish.wordpress import (
    Backoff,
    WordPressClient,
    WordPressError,
    WordPressPosts,
    plugin_source,
)


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
