"""What the pipeline learns from what it has stored: known words, and each site's chrome.

Both are kept in the store so they survive restarts and are shared by every worker; this
module caches them in memory, gathers new observations, and writes them in batches
(`flush`, at the end of each poll: site chrome then, the vocabulary at most every
``VOCABULARY_FLUSH_S``, as one sorted batch instead of hundreds of single-row upserts per
article, which with several workers on PostgreSQL waited on each other's row locks; a poll's
words mostly repeat the last poll's). A crash loses at most that long's counts: they are
statistics.

New words never stop coming (names above all), so memory holds the ``VOCABULARY_KEPT`` most
frequent words (the most recent first among equals); the store keeps every count.
"""

from __future__ import annotations

import time
from collections import Counter

from newsdesk import extract, repair
from newsdesk.records import Article
from newsdesk.store import Store

CHROME_LINE_MAX = 200  # chrome lines are short; longer lines are story text, not worth counting
CHROME_REFRESH_S = 60.0
CHROME_SITES_KEPT = 4096  # sites whose chrome is cached
CLEAN_ENOUGH = 0.02  # damage score under which an article's words are trusted as vocabulary
VOCABULARY_KEPT = 100_000  # words in memory (~190 bytes each); trimmed back from 125% of it
VOCABULARY_FLUSH_S = 30.0  # word counts are written this often at most (and on close) ...
VOCABULARY_PENDING = 20_000  # ... or once this many distinct words wait (~3 MiB)


class Learned:
    def __init__(self, store: Store) -> None:
        self._store = store
        self.vocabulary = repair.Vocabulary.from_counts(
            store.vocabulary_counts(limit=VOCABULARY_KEPT))
        self._chrome: dict[str, tuple[float, frozenset[str]]] = {}
        self._words: Counter[str] = Counter()
        self._words_written = time.monotonic()
        self._pages: Counter[str] = Counter()
        self._lines: Counter[tuple[str, str]] = Counter()

    def chrome_for(self, site: str) -> frozenset[str]:
        """Line keys that recur on enough of ``site``'s pages to be its chrome."""
        cached = self._chrome.get(site)
        if cached and time.monotonic() - cached[0] < CHROME_REFRESH_S:
            return cached[1]
        pages, counts = self._store.site_line_counts(site)
        keys = extract.learned_chrome_keys(pages, counts)
        if len(self._chrome) >= CHROME_SITES_KEPT:  # the half read longest ago is read again
            oldest = sorted(self._chrome, key=lambda known: self._chrome[known][0])
            for known in oldest[: len(oldest) // 2]:
                del self._chrome[known]
        self._chrome[site] = (time.monotonic(), keys)
        return keys

    def observe_page(self, site: str, article: Article) -> None:
        """Count the short lines of one more page of ``site``."""
        lines = [p for p in article.text.split("\n\n") if 0 < len(p) <= CHROME_LINE_MAX]
        lines += article.chrome_removed
        self._pages[site] += 1
        self._lines.update((site, key) for key in {extract.line_key(line) for line in lines})

    def learn_words(self, article: Article, counted: Counter[str] | None = None) -> None:
        """Words standing alone in a clean article become known words for repair.
        ``counted``: its words to learn, when a stage worker counted them already
        (`repair.words_worth_learning`)."""
        if article.damage_after > CLEAN_ENOUGH:
            return
        if counted is None:
            counted = self.vocabulary.learn(article.text, damage=article.damage_after)
        else:
            self.vocabulary.add(counted)
        self._words.update(counted)

    def flush(self, *, everything: bool = False) -> None:
        """Write the site chrome observed since the last flush to the store, and the word
        counts when they are due (`VOCABULARY_FLUSH_S`, `VOCABULARY_PENDING`) or
        ``everything`` is asked for."""
        if self._pages:
            pages, lines = self._pages, self._lines
            self._pages, self._lines = Counter(), Counter()
            self._store.record_site_lines(pages, lines)
        if self._words and (everything or self._words_due()):
            words, self._words = self._words, Counter()
            self._words_written = time.monotonic()
            self._store.add_vocabulary(words.items())
        if len(self.vocabulary) > VOCABULARY_KEPT * 5 // 4:
            self.vocabulary = self.vocabulary.most_frequent(VOCABULARY_KEPT)

    def _words_due(self) -> bool:
        return (len(self._words) >= VOCABULARY_PENDING
                or time.monotonic() - self._words_written >= VOCABULARY_FLUSH_S)
