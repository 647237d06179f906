"""The learned vocabulary, shared with the stage pool's worker processes.

Repair runs in the workers, and it needs the words learned so far (names seen in clean
articles are never split). The main process learns them, so it appends each newly learned
word to a file, one per line; a task names the file and how many bytes of it are current,
and a worker reads only the lines it has not read yet. No acknowledgement is needed, however
many workers there are and whichever takes a task. Trimming the vocabulary (it is bounded,
see ``learning``) starts a new file.

A worker repairs with the words learned up to the moment its task was sent, which is what
the main process would have had at that moment.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newsdesk.repair.vocabulary import WordCounts

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WordsFile:
    """What a task carries: the file of learned words and its current length in bytes."""

    path: str
    size: int


class SharedWords:
    """The main process's side: keeps the file in step with the live vocabulary."""

    def __init__(self) -> None:
        self._directory: Path | None = None
        self._vocabulary: WordCounts | None = None
        self._path: Path | None = None
        self._written = 0  # keys of the vocabulary written so far
        self._size = 0
        self._files = 0

    def current(self, vocabulary: WordCounts) -> WordsFile:
        """The file holding every key of ``vocabulary``, brought up to date."""
        if vocabulary is not self._vocabulary or self._path is None:
            self._start(vocabulary)
        assert self._path is not None
        keys = vocabulary.learned_keys(self._written)
        if keys:
            data = "".join(f"{key}\n" for key in keys).encode()
            with self._path.open("ab") as out:
                out.write(data)
            self._written += len(keys)
            self._size += len(data)
        return WordsFile(str(self._path), self._size)

    def _start(self, vocabulary: WordCounts) -> None:
        if self._directory is None:
            self._directory = Path(tempfile.mkdtemp(prefix="newsdesk-words-"))
        self._files += 1
        self._path = self._directory / f"words-{self._files}.txt"
        self._path.touch(mode=0o600)
        self._vocabulary, self._written, self._size = vocabulary, 0, 0
        # the file before stays for tasks already queued; the one before that goes
        (self._directory / f"words-{self._files - 2}.txt").unlink(missing_ok=True)

    def close(self) -> None:
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory, self._path, self._vocabulary = None, None, None


# The worker's side: its copy, the file it came from, and the bytes of it read.
_copy: tuple[str, int, WordCounts] | None = None


def words_of(shared: WordsFile) -> WordCounts:
    """This process's copy of the vocabulary ``shared`` describes, read up to date."""
    global _copy
    if _copy is not None and _copy[0] == shared.path:
        path, read, words = _copy
    else:  # the first task, or the vocabulary was trimmed: a new file, read from the start
        _copy = None  # the old copy goes first: not two vocabularies held at once
        path, read, words = shared.path, 0, WordCounts()
    if shared.size > read:
        try:
            with open(path, "rb") as source:
                source.seek(read)
                data = source.read(shared.size - read)
        except OSError as exc:  # the file was replaced meanwhile: repair with what we have
            log.warning("could not read the learned words from %s: %s", path, exc)
            data = b""
        words.add(Counter(data.decode().splitlines()))
        read += len(data)
    _copy = (path, read, words)
    return words
