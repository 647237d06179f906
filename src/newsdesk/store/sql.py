"""Every query newsdesk makes, for either engine, as one class."""

from __future__ import annotations

from newsdesk.store.articles import ArticleQueries
from newsdesk.store.learned import LearnedQueries
from newsdesk.store.locks import LockQueries
from newsdesk.store.posting import PostingQueries
from newsdesk.store.publishing import PublishingQueries
from newsdesk.store.sources import SourceQueries
from newsdesk.store.stories import StoryQueries


class SQLStore(
    SourceQueries, ArticleQueries, StoryQueries, LearnedQueries, PublishingQueries, LockQueries,
    PostingQueries,
):
    """The store interface; `SQLiteStore` and `PostgresStore` are its two engines."""
