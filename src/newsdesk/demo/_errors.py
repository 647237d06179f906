"""The one exception type the demo network raises."""

from __future__ import annotations


class DemoError(Exception):
    """The sample network was misused or its bundled data is broken."""
