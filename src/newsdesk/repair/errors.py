"""The error type of ``newsdesk.repair``."""


class RepairError(ValueError):
    """Input the repair stage cannot work on (e.g. text that is not a string)."""
