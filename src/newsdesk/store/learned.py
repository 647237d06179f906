"""What the pipeline learns: line counts per site (chrome) and the vocabulary of known words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newsdesk.store.base import StoreBase


class LearnedQueries(StoreBase):
    # Batches are written in sorted key order: concurrent writers then take row locks in
    # the same order and cannot deadlock (PostgreSQL with several workers).

    def record_site_lines(self, pages: Mapping[str, int],
                          lines: Mapping[tuple[str, str], int]) -> None:
        """Add page counts per site and line-key counts per (site, key), in one batch."""
        with self.transaction() as tx:
            tx.run_many("INSERT INTO site_pages (site, pages) VALUES (?, ?) ON CONFLICT (site)"
                        " DO UPDATE SET pages = site_pages.pages + excluded.pages",
                        sorted(pages.items()))
            tx.run_many("INSERT INTO site_lines (site, key, count) VALUES (?, ?, ?)"
                        " ON CONFLICT (site, key) DO UPDATE"
                        " SET count = site_lines.count + excluded.count",
                        [(site, key, n) for (site, key), n in sorted(lines.items())])

    def site_line_counts(self, site: str, min_count: int = 2) -> tuple[int, dict[str, int]]:
        with self.reading() as tx:
            pages = tx.row("SELECT pages FROM site_pages WHERE site = ?", (site,))
            found = tx.rows("SELECT key, count FROM site_lines WHERE site = ? AND count >= ?",
                            (site, min_count))
        return (int(pages[0]) if pages else 0), {k: int(c) for k, c in found}

    def add_vocabulary(self, counts: Iterable[tuple[str, int]]) -> None:
        with self.transaction() as tx:
            tx.run_many("INSERT INTO vocabulary (word, count) VALUES (?, ?) ON CONFLICT (word)"
                        " DO UPDATE SET count = vocabulary.count + excluded.count",
                        sorted(counts))

    def vocabulary_counts(self, limit: int | None = None) -> list[tuple[str, int]]:
        """Learned words and their counts; with ``limit``, the most frequent only."""
        with self.reading() as tx:
            if limit is None:
                found = tx.rows("SELECT word, count FROM vocabulary")
            else:
                found = tx.rows("SELECT word, count FROM vocabulary ORDER BY count DESC, word"
                                " LIMIT ?", (limit,))
        return [(w, int(c)) for w, c in found]
