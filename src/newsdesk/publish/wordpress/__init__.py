"""Posting stories to a WordPress site through its REST API (see docs/wordpress.md)."""

from newsdesk.publish.wordpress.client import Backoff, WordPressClient
from newsdesk.publish.wordpress.content import StoryPost
from newsdesk.publish.wordpress.errors import WordPressError
from newsdesk.publish.wordpress.media import LeadPictures
from newsdesk.publish.wordpress.posts import HIDDEN, STATUSES, SiteCheck, WordPressPosts

__all__ = [
    "HIDDEN",
    "STATUSES",
    "Backoff",
    "LeadPictures",
    "SiteCheck",
    "StoryPost",
    "WordPressClient",
    "WordPressError",
    "WordPressPosts",
]
