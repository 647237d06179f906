"""Publishing: the site, the API, feeds out, and posting to channels (Telegram first), all
read from the store. A channel is a ``Publisher``; ``Poster`` drives any of them."""

from newsdesk.publish.poster import Poster
from newsdesk.publish.publisher import Composed, PostingRules, Publisher, PublishError, StoryToPost
from newsdesk.publish.server import create_web_app
from newsdesk.publish.telegram import TelegramPublisher

__all__ = [
    "Composed",
    "Poster",
    "PostingRules",
    "PublishError",
    "Publisher",
    "StoryToPost",
    "TelegramPublisher",
    "create_web_app",
]
