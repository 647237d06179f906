"""Is this newsdesk alive, and ready to serve: the answers behind /healthz and /readyz."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from newsdesk.store import Store, search_document_count

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Readiness:
    """Each check's result: "ok", or a short reason (details go to the log, not the page)."""

    checks: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(result == "ok" for result in self.checks.values())


def readiness(store: Store) -> Readiness:
    """Ready when the database answers a query and the search index can be opened."""
    found = Readiness()
    try:
        store.ping()
        found.checks["database"] = "ok"
    except Exception as exc:
        log.warning("readiness: the database does not answer: %s", exc)
        found.checks["database"] = "unreachable"
    try:
        search_document_count(store)
        found.checks["search"] = "ok"
    except Exception as exc:
        log.warning("readiness: the search index cannot be read: %s", exc)
        found.checks["search"] = "unavailable"
    return found
