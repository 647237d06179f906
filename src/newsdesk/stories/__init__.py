"""Grouping articles into stories: copies and rewrites of one event, credited to its origin.

``sign`` reduces an article to a ``Signature`` the store keeps; ``StoryIndex`` (rebuilt from
stored signatures at start-up) decides which story each new article joins; ``choose_original``
picks the story's original. See docs/stories.md for the method and its measurements.
"""

from .boilerplate import Boilerplate
from .errors import SignatureError, StoriesError
from .index import StoryIndex
from .origin import OriginCandidate, choose_original
from .signature import SIGNATURE_SCHEME, Signature, StoryCandidate, sign, site_of
from .similarity import relation_to_original

__all__ = [
    "SIGNATURE_SCHEME",
    "Boilerplate",
    "OriginCandidate",
    "Signature",
    "SignatureError",
    "StoriesError",
    "StoryCandidate",
    "StoryIndex",
    "choose_original",
    "relation_to_original",
    "sign",
    "site_of",
]
