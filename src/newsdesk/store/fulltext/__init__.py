"""Full-text search for the store: a tantivy index beside the database that follows it.

The store's ``search()`` calls `search_articles`; `rebuild_search_index` rebuilds an index
from the stored articles (``newsdesk index rebuild``). See docs/search.md for the design.
"""

from newsdesk.store.fulltext.follower import Progress, SearchIndex
from newsdesk.store.fulltext.normalize import index_text, query_terms
from newsdesk.store.fulltext.search import (
    applied_search_cursor,
    rebuild_search_index,
    refresh_search_index,
    search_articles,
    search_dir,
    search_document_count,
    search_index,
    use_search_base,
    use_search_dir,
)
from newsdesk.store.fulltext.tantivy_index import SearchIndexError

__all__ = [
    "Progress",
    "SearchIndex",
    "SearchIndexError",
    "applied_search_cursor",
    "index_text",
    "query_terms",
    "rebuild_search_index",
    "refresh_search_index",
    "search_articles",
    "search_dir",
    "search_document_count",
    "search_index",
    "use_search_base",
    "use_search_dir",
]
