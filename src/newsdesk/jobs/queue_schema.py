"""procrastinate's tables, created once in the store's database when the first worker starts.

They live beside newsdesk's tables, in the schema the store's URL selects, and all carry the
``procrastinate_`` prefix, so the two never collide. Workers that start together take an
advisory lock, so exactly one of them creates the schema and the others find it there.
"""

from __future__ import annotations

import psycopg
from procrastinate.schema import SchemaManager

from newsdesk.store import StoreError

_SCHEMA_LOCK = 7_240_313  # advisory lock id; 7_240_311 and 7_240_312 belong to the store


def ensure_queue_schema(url: str) -> bool:
    """Create procrastinate's tables at ``url`` unless they exist; True when it created them.

    Raises `StoreError` (one clear sentence) when the database cannot be reached.
    """
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (_SCHEMA_LOCK,))
            try:
                row = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
                if row is not None and row[0] is not None:
                    return False
                with conn.transaction():
                    conn.execute(SchemaManager.get_schema())
                return True
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (_SCHEMA_LOCK,))
    except psycopg.Error as exc:
        raise StoreError(f"cannot prepare the job queue in PostgreSQL: {exc}") from exc
