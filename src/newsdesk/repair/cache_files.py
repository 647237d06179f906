"""Files the repair can always rebuild (the language model, word lists), kept in the user's
cache directory so that a process reads them instead of working them out again.

An entry is a directory written whole or not at all: filled under a temporary name beside
it, then renamed. A reader sees a complete entry or none; two processes writing the same
entry at once both succeed (one's copy is kept). Nothing here is executable (no pickle):
entries hold arrays and text, and readers check that they fit together.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
# What reading a missing, cut or damaged entry raises (EOFError: NumPy on an empty file).
_UNREADABLE = (OSError, ValueError, KeyError, EOFError)


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/newsdesk (~/.cache/newsdesk)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsdesk"


def digest(*parts: str | bytes) -> str:
    """A short digest of ``parts``, for an entry's name."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode() if isinstance(part, str) else part)
        sha.update(b"\0")
    return sha.hexdigest()[:12]


def cached(name: str, read: Callable[[Path], T], build: Callable[[], T],
           write: Callable[[T, Path], None], *, replaces: str) -> T:
    """Entry ``name`` as ``read`` gives it; when it is missing or ``read`` fails on it (it
    raises one of ``_UNREADABLE``), ``build`` it, ``write`` it and read it back. When the
    cache cannot be written, what ``build`` made is returned. Once written, other entries
    whose names start with ``replaces`` (older versions of it) are removed."""
    try:
        directory = cache_dir() / name
    except (RuntimeError, KeyError):  # no $XDG_CACHE_HOME, and no home directory either
        return build()
    try:
        return read(directory)
    except _UNREADABLE as exc:
        if directory.exists():  # else not written yet
            log.warning("cached %s is damaged (%s): writing it again", directory, exc)
            shutil.rmtree(directory, ignore_errors=True)  # who mapped it keeps their copy
    made = build()
    try:
        _write_whole(directory, lambda staging: write(made, staging))
        found = read(directory)
    except _UNREADABLE as exc:
        log.info("%s kept in memory: cannot use the cache %s (%s)", name, directory, exc)
        return made
    for old in directory.parent.glob(f"{replaces}*"):
        if old != directory:  # a process that mapped it keeps its copy
            shutil.rmtree(old, ignore_errors=True)
    return found


def _write_whole(directory: Path, fill: Callable[[Path], None]) -> None:
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        fill(staging)
        os.rename(staging, directory)
    except OSError:
        if directory.is_dir():
            return  # another process wrote it first
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
