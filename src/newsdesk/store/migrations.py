"""Schema versions: each engine's migrations, applied in order, once."""

from __future__ import annotations

from importlib import resources

# (version, file for SQLite, file for PostgreSQL). Append; never edit a released entry.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "sqlite_schema.sql", "postgres_schema.sql"),
    (2, "sqlite_002_search_changes.sql", "postgres_002_search_changes.sql"),
    (3, "sqlite_003_browse_indexes.sql", "postgres_003_browse_indexes.sql"),
    (4, "sqlite_004_article_links.sql", "postgres_004_article_links.sql"),
    (5, "sqlite_005_retention.sql", "postgres_005_retention.sql"),
    (6, "sqlite_006_desk.sql", "postgres_006_desk.sql"),
    (7, "sqlite_007_site.sql", "postgres_007_site.sql"),
    (8, "sqlite_008_item_failures.sql", "postgres_008_item_failures.sql"),
    (9, "sqlite_009_story_merges_and_posting.sql",
     "postgres_009_story_merges_and_posting.sql"),
)


def migration_sql(filename: str) -> str:
    return resources.files("newsdesk.store").joinpath(filename).read_text(encoding="utf-8")


def split_statements(sql: str) -> list[str]:
    """Split a schema file on ``;`` at line ends, keeping trigger bodies whole."""
    statements, current, depth = [], [], 0
    for line in sql.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        current.append(line)
        upper = line.strip().upper()
        if upper.startswith("CREATE TRIGGER"):
            depth += 1
        if upper == "END;":
            depth -= 1
        if line.rstrip().endswith(";") and depth == 0:
            statements.append("\n".join(current))
            current = []
    return statements
