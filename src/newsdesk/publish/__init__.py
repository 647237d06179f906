"""Publishing: the site, the API and the JSON shapes, all read from the store."""

from newsdesk.publish.server import create_web_app

__all__ = ["create_web_app"]
