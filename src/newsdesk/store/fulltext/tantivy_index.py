"""The tantivy index on disk: its schema, its metadata file, writing documents, finding ids.

Only article ids come back from a search; the store reads the articles themselves. Text is
folded (`normalize`) and stemmed by the article's language (`stemming`) before it reaches
tantivy, which then only splits on spaces.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy

from newsdesk.store.base import StoreError
from newsdesk.store.fulltext.changes import ArticleText
from newsdesk.store.fulltext.stemming import search_text, stemming_language

FORMAT = 3  # bump when the schema or the normalisation changes: old indexes are rebuilt
META_FILE = "newsdesk-search.json"
# The title goes into the one searched field this many times: a title word weighs more, while
# a query stays a plain term (or term intersection) query. A separate, boosted title clause
# measured 5x slower for a common word at 1M articles, as it defeats tantivy's block-max WAND.
TITLE_REPEATS = 2
_FILTER = 0.0  # filters select documents but add nothing to the score


class SearchIndexError(StoreError):
    """The search index could not be opened or written; the message says what to do."""


@dataclass(slots=True)
class Meta:
    """What the index was built from: which database, and how far it has applied changes."""

    instance: str
    cursor: str
    format: int = FORMAT
    languages: frozenset[str] = field(default_factory=frozenset)  # stemmed ones, for queries


def read_meta(directory: Path) -> Meta | None:
    """What the index in ``directory`` was built from, or None when there is none."""
    try:
        data = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        return Meta(str(data["instance"]), str(data["cursor"]), int(data["format"]),
                    frozenset(str(x) for x in data.get("languages", [])))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", indexed=True, fast=True)
    # Term frequencies but no positions: queries are sets of words, and positions would
    # roughly double the index.
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("language", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("source_id", indexed=True)
    return builder.build()


class TantivyIndex:
    """One index directory. Many readers; one writer at a time across processes (a lock file)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.schema = _schema()
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._index = tantivy.Index(self.schema, str(directory), reuse=True)
        except (OSError, ValueError) as exc:
            raise SearchIndexError(
                f"cannot open the search index in {directory}: {exc}; remove the directory"
                " and run `newsdesk index rebuild`"
            ) from exc

    @classmethod
    def wiped(cls, directory: Path) -> TantivyIndex:
        """An empty index in ``directory``, whatever was there before."""
        shutil.rmtree(directory, ignore_errors=True)
        return cls(directory)

    def read_meta(self) -> Meta | None:
        return read_meta(self.directory)

    def document_count(self) -> int:
        return int(self._index.searcher().num_docs)

    def write_meta(self, meta: Meta) -> None:
        """Replace the metadata atomically (after the commit it describes)."""
        path = self.directory / META_FILE
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"instance": meta.instance, "cursor": meta.cursor,
                                         "format": meta.format,
                                         "languages": sorted(meta.languages)}),
                             encoding="utf-8")
        os.replace(temporary, path)

    def writer(self, *, heap_size: int = 64_000_000, threads: int = 1) -> Any | None:
        """The index's writer, or None while another writer (any process) holds the lock."""
        try:
            return self._index.writer(heap_size=heap_size, num_threads=threads)
        except ValueError as exc:
            if "LockBusy" in str(exc):
                return None
            raise SearchIndexError(f"cannot write the search index in {self.directory}: {exc}"
                                   ) from exc

    def put(self, writer: Any, ids: list[int], texts: dict[int, ArticleText]) -> None:
        """Replace the documents of ``ids``: re-add those in ``texts``, drop the others."""
        for article_id in ids:
            writer.delete_documents_by_term("id", article_id)
            found = texts.get(article_id)
            if found is not None:
                writer.add_document(self.document(found))

    @staticmethod
    def document(article: ArticleText) -> tantivy.Document:
        language = article.language
        title = search_text(article.title, language)
        body = [title] * TITLE_REPEATS + [search_text(article.summary, language),
                                          search_text(article.text, language)]
        fields: dict[str, Any] = {"id": article.id, "body": " ".join(body)}
        if article.language:
            fields["language"] = article.language
        if article.source_id is not None:
            fields["source_id"] = article.source_id
        return tantivy.Document(**fields)

    def reload(self) -> None:
        self._index.reload()

    def find(
        self, terms: list[list[str]], *, limit: int, offset: int, language: str | None,
        source_id: int | None,
    ) -> list[int]:
        """Ids of documents holding every word (any of its forms: ``terms`` holds each word's
        alternatives): best score first, newer id first on a tie."""
        query = self._query(terms, language, source_id)
        searcher = self._index.searcher()
        wanted = offset + limit
        fetch = wanted + 16
        while True:
            hits = searcher.search(query, limit=fetch, count=False).hits
            # Keep fetching until the page's last score is strictly above the last fetched
            # one, so every document tied with it is here to be ordered by id.
            if len(hits) < fetch or hits[-1][0] < hits[wanted - 1][0]:
                break
            fetch *= 4
        ids = searcher.fast_field_values("id", [address for _, address in hits])
        ranked = sorted(zip((s for s, _ in hits), ids, strict=True),
                        key=lambda hit: (-hit[0], -hit[1]))
        return [int(article_id) for _, article_id in ranked[offset:wanted]]

    def _query(self, terms: list[list[str]], language: str | None, source_id: int | None
               ) -> Any:
        query, occur = tantivy.Query, tantivy.Occur
        clauses = [(occur.Must, self._word(forms)) for forms in terms]
        if language:
            clauses.append((occur.Must, query.const_score_query(
                query.term_query(self.schema, "language", language), _FILTER)))
        if source_id is not None:
            clauses.append((occur.Must, query.const_score_query(
                query.term_query(self.schema, "source_id", source_id), _FILTER)))
        if len(clauses) == 1:
            return clauses[0][1]  # a bare term query: block-max WAND skips most of the list
        return query.boolean_query(clauses)

    def _word(self, forms: list[str]) -> Any:
        """One query word: a term, or any of its forms (a union still runs block-max WAND)."""
        terms = [tantivy.Query.term_query(self.schema, "body", f) for f in forms]
        if len(terms) == 1:
            return terms[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms])


def languages_of(articles: list[ArticleText]) -> frozenset[str]:
    """The stemming languages among ``articles``: which stems a query must try."""
    return frozenset(filter(None, (stemming_language(a.language) for a in articles)))
