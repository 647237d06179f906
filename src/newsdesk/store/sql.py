"""Every query newsdesk makes, for either engine, as one class."""

from __future__ import annotations

from newsdesk.store.accounts import AccountQueries
from newsdesk.store.articles import ArticleQueries
from newsdesk.store.audit import AuditQueries
from newsdesk.store.curation import CurationQueries
from newsdesk.store.dashboard import DashboardQueries
from newsdesk.store.failures import FailureQueries
from newsdesk.store.images import ImageQueries
from newsdesk.store.learned import LearnedQueries
from newsdesk.store.locks import LockQueries
from newsdesk.store.posting import PostingQueries
from newsdesk.store.publishing import PublishingQueries
from newsdesk.store.site_pages import SiteQueries
from newsdesk.store.sources import SourceQueries
from newsdesk.store.stories import StoryQueries
from newsdesk.store.upkeep import UpkeepQueries


class SQLStore(
    SourceQueries, ArticleQueries, StoryQueries, LearnedQueries, SiteQueries, PublishingQueries,
    LockQueries, ImageQueries, UpkeepQueries, FailureQueries, PostingQueries,
    AccountQueries, AuditQueries, CurationQueries, DashboardQueries,
):
    """The store interface; `SQLiteStore` and `PostgresStore` are its two engines."""
