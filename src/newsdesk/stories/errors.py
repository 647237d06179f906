"""The exceptions ``newsdesk.stories`` raises."""

from __future__ import annotations


class StoriesError(Exception):
    """Base class for every error this subpackage raises."""


class SignatureError(StoriesError):
    """A stored signature cannot be used: another scheme, or damaged bytes."""
