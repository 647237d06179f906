"""Which member of a story is its original: the outlet others credit, else the earliest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsdesk.records import Credit

from .errors import StoriesError


@dataclass(frozen=True)
class OriginCandidate:
    """One member of a story, with what choosing the original needs."""

    article_id: int
    publisher: str | None
    original_source: Credit | None
    published: datetime | None
    first_seen: datetime
    relay: bool = False  # a channel post pointing to a page: it passes a story on


def choose_original(members: Sequence[OriginCandidate]) -> int:
    """The article id of the story's original.

    The original is a member whose publisher is the outlet the other members credit (names
    compared ignoring case and spaces; the most-credited outlet wins), else, when no member's
    publisher is credited, the earliest published (``first_seen`` when undated). Relays
    (channel posts pointing to a page) are passed over while any other member is there. Ties
    go to the earliest, then to the lowest article id.
    """
    if not members:
        raise StoriesError("a story with no members has no original")
    members = [m for m in members if not m.relay] or list(members)
    credits: dict[str, int] = {}
    for member in members:
        if member.original_source is not None:
            key = _outlet_key(member.original_source.name)
            if key:
                credits[key] = credits.get(key, 0) + 1
    credited = [m for m in members if m.publisher and _outlet_key(m.publisher) in credits]
    if credited:
        top = max(credits[_outlet_key(m.publisher or "")] for m in credited)
        pool = [m for m in credited if credits[_outlet_key(m.publisher or "")] == top]
    else:
        pool = list(members)
    return min(pool, key=_age).article_id


def _outlet_key(name: str) -> str:
    return "".join(name.split()).casefold()


def _age(member: OriginCandidate) -> tuple[datetime, datetime, int]:
    when = member.published or member.first_seen
    return (_aware(when), _aware(member.first_seen), member.article_id)


def _aware(moment: datetime) -> datetime:
    # Naive times are taken as UTC, as records.py promises, so they compare with aware ones.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
