"""Publishing: the site, the API, feeds out and the Telegram channel, all read from the store."""

from newsdesk.publish.server import create_web_app
from newsdesk.publish.telegram import TelegramFilters, TelegramPoster

__all__ = ["TelegramFilters", "TelegramPoster", "create_web_app"]
