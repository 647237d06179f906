"""Helpers for the stories tests: invented texts from testdata/ as candidates and damaged copies."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.stories import StoryCandidate

TESTDATA = Path(__file__).parent / "testdata"
TUESDAY = datetime(2025, 4, 8, 9, 0, tzinfo=UTC)


def read(name: str) -> str:
    return (TESTDATA / name).read_text("utf-8").strip()


def candidate(
    article_id: int,
    text: str,
    *,
    title: str = "Velmora dockworkers strike over night-shift cuts",
    published: datetime | None = TUESDAY,
    publisher: str | None = "Some Outlet",
) -> StoryCandidate:
    return StoryCandidate(
        article_id=article_id,
        title=title,
        summary="",
        text=text,
        published=published,
        publisher=publisher,
        url=f"https://example.test/{article_id}",
        original_source=None,
    )


def with_chrome(text: str) -> str:
    head = "Home > Business > Shipping\n\nShare this article: Facebook | X | Email"
    tail = "Read more: Ten ports to watch this spring\n\nSubscribe to our morning newsletter."
    return f"{head}\n\n{text}\n\n{tail}"


def without_spaces(text: str, rate: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    return "".join(ch for ch in text if ch != " " or rng.random() >= rate)


def truncated(text: str, paragraphs: int) -> str:
    return "\n\n".join(text.split("\n\n")[:paragraphs]) + " [...]"
