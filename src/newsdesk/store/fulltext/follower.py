"""A search index that follows the store: caught up before each search, rebuilt on demand.

The database is the truth; the index is a cache of it, tied to one database by the
``search_state.instance`` it records. Catching up reads `search_changes` past the index's
cursor and re-indexes the articles named there. Whichever process holds tantivy's writer lock
does the writing; the others keep serving the last commit (tantivy reloads it by itself).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsdesk.store.base import StoreBase
from newsdesk.store.fulltext.changes import (
    ChangeFeed,
    all_article_texts,
    article_texts,
    article_total,
)
from newsdesk.store.fulltext.stemming import query_alternatives, stemming_language
from newsdesk.store.fulltext.tantivy_index import (
    FORMAT,
    Meta,
    SearchIndexError,
    TantivyIndex,
    languages_of,
)

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (articles indexed so far, articles in the store)

_APPLY_BATCH = 2_000
_REBUILD_HEAP = 256_000_000
_REBUILD_LOCK_WAIT_S = 30.0
_CATCH_UP_WAIT_S = 1.0


class SearchIndex:
    """The index of one store, in one directory."""

    def __init__(self, store: StoreBase, directory: Path, feed: ChangeFeed) -> None:
        self._store = store
        self._feed = feed
        self.directory = directory
        self._lock = threading.Lock()  # one catch-up at a time in this process
        self._seen: set[tuple[int, str]] = set()
        self._seen_cursor = ""
        try:
            self._instance = feed.instance(store)
        except LookupError as exc:
            raise SearchIndexError("the database has no search_state row; it was not migrated"
                                   " by newsdesk") from exc
        self._index = TantivyIndex(directory)
        meta = self._index.read_meta()
        if meta is not None and (meta.instance != self._instance or meta.format != FORMAT):
            self._index = TantivyIndex.wiped(directory)
            meta = None
        self.languages: frozenset[str] = meta.languages if meta else frozenset()

    def find(
        self, query: str, *, limit: int, offset: int, language: str | None,
        source_id: int | None,
    ) -> list[int]:
        """Catch up, then the ids of the best matches for ``query``'s words, each tried as
        itself and as stemmed by the index's languages (only ``language``'s when it is
        given; see `TantivyIndex.find`)."""
        self.catch_up()
        stemmed = self.languages
        if language:
            wanted = stemming_language(language)
            stemmed = frozenset({wanted} if wanted else ())
        terms = query_alternatives(query, stemmed)
        if not terms:
            return []
        return self._index.find(terms, limit=limit, offset=offset, language=language,
                                source_id=source_id)

    def catch_up(self) -> int:
        """Index what changed in the store since the last commit; how many articles were
        applied (0 also when another process is writing the index right now, or a rebuild
        is running in this one)."""
        # Wait for another thread's catch-up (tens of ms) so this search sees what it commits;
        # during a rebuild, serve the last commit rather than wait minutes.
        if not self._lock.acquire(timeout=_CATCH_UP_WAIT_S):
            return 0
        try:
            meta = self._index.read_meta()
            if meta is None:
                return self._rebuild_locked(None, wait_s=0.0)
            return self._catch_up_from(meta)
        finally:
            self._lock.release()

    def _catch_up_from(self, meta: Meta) -> int:
        if self._feed.lost_since(self._store, meta.cursor):
            log.warning("the search index in %s is behind changes `newsdesk prune` dropped;"
                        " rebuilding it", self.directory)
            return self._rebuild_locked(None, wait_s=0.0)
        self.languages = meta.languages  # another process may have added some
        if meta.cursor != self._seen_cursor:
            self._seen = set()
        changes = self._feed.changes_since(self._store, meta.cursor, self._seen)
        if not changes.article_ids:
            return 0
        writer = self._index.writer()
        if writer is None:
            return 0  # another process is writing; it will commit these changes too
        try:
            fresh = self._index.read_meta()
            if fresh is not None and fresh.cursor != meta.cursor:  # moved while we waited
                writer.rollback()
                meta = fresh
                changes = self._feed.changes_since(self._store, meta.cursor, set())
            ids = changes.article_ids
            languages = set(meta.languages)
            for start in range(0, len(ids), _APPLY_BATCH):
                chunk = ids[start : start + _APPLY_BATCH]
                texts = article_texts(self._store, chunk)
                languages |= languages_of(list(texts.values()))
                self._index.put(writer, chunk, texts)
            writer.commit()
            self.languages = frozenset(languages)
            self._index.write_meta(Meta(self._instance, changes.cursor,
                                        languages=self.languages))
            self._seen, self._seen_cursor = changes.seen, changes.cursor
        finally:
            writer.wait_merging_threads()  # also releases the lock for other processes
        self._index.reload()
        return len(ids)

    def document_count(self) -> int:
        """Articles in the index as last committed (opening it proves it is readable)."""
        return self._index.document_count()

    def rebuild(self, progress: Progress | None = None) -> int:
        """Index every article afresh; how many there are. Waits for another writer a while."""
        with self._lock:
            return self._rebuild_locked(progress, wait_s=_REBUILD_LOCK_WAIT_S)

    def _rebuild_locked(self, progress: Progress | None, *, wait_s: float) -> int:
        writer = self._writer_waiting(wait_s)
        if writer is None:
            return 0  # someone else is building it; searches use what is committed
        try:
            # The cursor is taken before reading: anything changed during the scan is applied
            # again by the next catch-up.
            cursor = self._feed.current_cursor(self._store)
            writer.delete_all_documents()
            done, languages = self._add_everything(writer, progress)
            writer.commit()
            self.languages = languages
            self._index.write_meta(Meta(self._instance, cursor, languages=languages))
            self._seen, self._seen_cursor = set(), cursor
        finally:
            writer.wait_merging_threads()
        self._index.reload()
        return done

    def _add_everything(self, writer: Any, progress: Progress | None
                        ) -> tuple[int, frozenset[str]]:
        total = article_total(self._store) if progress else 0
        done, languages = 0, frozenset[str]()
        for batch in all_article_texts(self._store):
            for article in batch:
                writer.add_document(self._index.document(article))
            languages |= languages_of(batch)
            done += len(batch)
            if progress:
                progress(done, max(total, done))
        return done, languages

    def _writer_waiting(self, wait_s: float) -> Any | None:
        deadline = time.monotonic() + wait_s
        heap = _REBUILD_HEAP if wait_s else 64_000_000
        while True:
            writer = self._index.writer(heap_size=heap, threads=2 if wait_s else 1)
            if writer is not None or time.monotonic() >= deadline:
                break
            time.sleep(0.2)
        if writer is None and wait_s:
            raise SearchIndexError(
                f"another process is writing the search index in {self.directory}; try again"
                " when it has finished"
            )
        return writer
