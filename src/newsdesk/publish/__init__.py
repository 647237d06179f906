"""Publishing: the site, the API, feeds out and the Telegram channel, all read from the store."""

from newsdesk.publish.server import create_web_app

__all__ = ["create_web_app"]
