"""Log lines: timestamped (UTC), levelled, one per event, as text or JSON; secrets masked.

Text: ``2026-03-01T08:15:02.113Z INFO newsdesk.access: 203.0.113.9 "GET /api/stories" 200 ...``
(a traceback follows on its own lines). JSON: one object per line with ``time``, ``level``,
``logger``, ``message``, the event's own fields (the access log's ``method``, ``path``,
``status``...) and ``exception`` as one string. Every configured secret (tokens, the database
password) is replaced by ``***`` in the finished line, whoever logged it.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "***"
# Libraries that say too much at INFO: one line per job is the poll log's job, not theirs.
_CHATTY = ("procrastinate", "uvicorn.access", "httpx")
_RECORD_FIELDS = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message", "asctime", "taskName"}
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING,
           "error": logging.ERROR}


class SecretMask:
    """Replaces each secret (and its JSON-escaped form) by ``***`` in a line."""

    def __init__(self, secrets: Iterable[str]) -> None:
        found: set[str] = set()
        for secret in secrets:
            if secret and len(secret) >= 4:  # shorter ones would mask ordinary words
                found.update({secret, json.dumps(secret)[1:-1],
                              json.dumps(secret, ensure_ascii=False)[1:-1]})
        self._secrets = sorted(found, key=len, reverse=True)

    def __call__(self, line: str) -> str:
        for secret in self._secrets:
            line = line.replace(secret, MASK)
        return line


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TextFormatter(logging.Formatter):
    def __init__(self, mask: SecretMask) -> None:
        super().__init__(TEXT_FORMAT)
        self._mask = mask

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _timestamp(record)

    def format(self, record: logging.LogRecord) -> str:
        return self._mask(super().format(record))


class JsonFormatter(logging.Formatter):
    def __init__(self, mask: SecretMask) -> None:
        super().__init__()
        self._mask = mask

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {"time": _timestamp(record), "level": record.levelname.lower(),
                                 "logger": record.name, "message": record.getMessage()}
        entry.update((k, v) for k, v in record.__dict__.items() if k not in _RECORD_FIELDS)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return self._mask(json.dumps(entry, ensure_ascii=False, default=str))


def level_for(setting: str, verbosity: int, *, long_running: bool) -> int:
    """The root level: the `log.level` setting, else INFO for servers and workers and WARNING
    for one-off commands; each ``-v`` one step more, each ``-q`` one step less."""
    base = _LEVELS.get(setting) or (logging.INFO if long_running else logging.WARNING)
    return min(logging.CRITICAL, max(logging.DEBUG, base - 10 * verbosity))


class _Handler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the given stream, or to whatever ``sys.stderr`` is at the time."""

    def __init__(self, stream: TextIO | None) -> None:
        self._fixed = stream
        super().__init__()

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return self._fixed or sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure_logging(
    *, level: int, fmt: str = "text", secrets: Iterable[str] = (), stream: TextIO | None = None,
) -> None:
    """Send every log record to ``stream`` (stderr) in ``fmt`` ("text" or "json"), replacing
    the handler an earlier call installed."""
    mask = SecretMask(secrets)
    handler = _Handler(stream)
    handler.setFormatter(JsonFormatter(mask) if fmt == "json" else TextFormatter(mask))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _Handler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in _CHATTY:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
