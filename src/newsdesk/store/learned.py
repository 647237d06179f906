"""What the pipeline learns: line counts per site (chrome) and the vocabulary of known words."""

from __future__ import annotations

from collections.abc import Iterable

from newsdesk.store.base import StoreBase


class LearnedQueries(StoreBase):
    def record_site_lines(self, site: str, keys: Iterable[str]) -> None:
        """Count one more page of ``site`` and each distinct line key seen on it."""
        with self.transaction() as tx:
            tx.run("INSERT INTO site_pages (site, pages) VALUES (?, 1) ON CONFLICT (site)"
                   " DO UPDATE SET pages = site_pages.pages + 1", (site,))
            for key in set(keys):
                tx.run("INSERT INTO site_lines (site, key, count) VALUES (?, ?, 1)"
                       " ON CONFLICT (site, key) DO UPDATE SET count = site_lines.count + 1",
                       (site, key))

    def site_line_counts(self, site: str, min_count: int = 2) -> tuple[int, dict[str, int]]:
        with self.transaction() as tx:
            pages = tx.row("SELECT pages FROM site_pages WHERE site = ?", (site,))
            found = tx.rows("SELECT key, count FROM site_lines WHERE site = ? AND count >= ?",
                            (site, min_count))
        return (int(pages[0]) if pages else 0), {k: int(c) for k, c in found}

    def add_vocabulary(self, counts: Iterable[tuple[str, int]]) -> None:
        with self.transaction() as tx:
            for word, count in counts:
                tx.run("INSERT INTO vocabulary (word, count) VALUES (?, ?) ON CONFLICT (word)"
                       " DO UPDATE SET count = vocabulary.count + excluded.count", (word, count))

    def vocabulary_counts(self) -> list[tuple[str, int]]:
        with self.transaction() as tx:
            return [(w, int(c)) for w, c in tx.rows("SELECT word, count FROM vocabulary")]
