"""The one exception type of ``newsdesk.extract``."""


class ExtractError(Exception):
    """The input is not an article page at all (empty, not HTML, or far too large)."""
