"""Where our copies of lead images live: one directory of files named by content key and
width (``ab/abcdef…-640.webp``), written atomically, read back by name.

The directory: `use_image_dir`'s, else ``$NEWSDESK_IMAGE_DIR``, else beside an SQLite file
(``newsdesk.db-images``) or, for PostgreSQL, the data directory's ``images/``. With several
web machines in PostgreSQL mode, point them all at one shared directory.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from weakref import WeakKeyDictionary

from newsdesk.config import default_data_dir
from newsdesk.store.base import StoreBase

IMAGE_DIR_ENV = "NEWSDESK_IMAGE_DIR"
NAME = re.compile(r"^(?P<key>[0-9a-f]{32})-(?P<width>[1-9][0-9]{1,3})\.(?P<ext>webp|jpg)$")
MEDIA_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}

_directories: WeakKeyDictionary[StoreBase, Path] = WeakKeyDictionary()
_guard = threading.Lock()


def use_image_dir(store: StoreBase, directory: str | Path) -> None:
    """Keep ``store``'s images in ``directory`` (call once, right after opening)."""
    with _guard:
        _directories[store] = Path(directory).expanduser()


def image_dir(store: StoreBase) -> Path:
    configured = _directories.get(store)
    if configured is not None:
        return configured
    base = os.environ.get(IMAGE_DIR_ENV)
    if base:
        return Path(base).expanduser()
    if store.url.startswith(("postgresql://", "postgres://")):
        return default_data_dir() / "images"
    return Path(store.url + "-images")


class ImageFiles:
    """Image files in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def save(self, files: Iterable[tuple[str, bytes]]) -> None:
        """Write each (name, bytes); a reader never sees half a file."""
        for name, data in files:
            path = self._path(name)
            if path is None:
                raise ValueError(f"not an image file name: {name!r}")
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, path)

    def read(self, name: str) -> bytes | None:
        """The file's bytes; None for a name we would never write, or a missing file."""
        path = self._path(name)
        if path is None:
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def _path(self, name: str) -> Path | None:
        found = NAME.match(name)
        if found is None:
            return None
        return self.directory / found["key"][:2] / name
