"""Posting stories to a WordPress site through its REST API (see docs/wordpress.md)."""

from importlib import resources

from newsdesk.publish.wordpress.client import Backoff, WordPressClient
from newsdesk.publish.wordpress.content import StoryPost
from newsdesk.publish.wordpress.errors import WordPressError
from newsdesk.publish.wordpress.media import LeadPictures
from newsdesk.publish.wordpress.posts import SiteCheck, WordPressPosts
from newsdesk.publish.wordpress.publisher import WordPressPublisher, wordpress_poster


def plugin_source() -> str:
    """newsdesk's WordPress plugin: credit meta, and a story's post found by its key."""
    return resources.files(__name__).joinpath("newsdesk-plugin.php").read_text()


__all__ = [
    "Backoff",
    "LeadPictures",
    "SiteCheck",
    "StoryPost",
    "WordPressClient",
    "WordPressError",
    "WordPressPosts",
    "WordPressPublisher",
    "plugin_source",
    "wordpress_poster",
]
