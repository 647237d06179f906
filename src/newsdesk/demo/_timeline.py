"""Which stories are out, and when each outlet published its version.

Times are relative to the moment the network starts, so the demo always looks fresh: story
``i`` of ``n`` seeded stories came out ``(n - i) * 17`` minutes before start. Copies follow the
original by a fixed lag per outlet. A story released later by ``publish_next`` is stamped so
its last copy appears "now".
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from newsdesk.demo._catalog import DemoStory
from newsdesk.demo._errors import DemoError

STORY_SPACING = timedelta(minutes=17)
#: How long after the original each outlet carries its version.
OUTLET_LAG: dict[str, timedelta] = {
    "meridian": timedelta(0),
    "lantern": timedelta(minutes=5),
    "telegram": timedelta(minutes=8),
    "harbor": timedelta(minutes=12),
}
_FIRST_TELEGRAM_ID = 301


@dataclass(frozen=True, slots=True)
class Published:
    """A story that is out, with its release time and its Telegram post number."""

    story: DemoStory
    released: datetime
    telegram_id: int | None

    def time_on(self, outlet: str) -> datetime:
        """When ``outlet`` published its version of the story."""
        if outlet == self.story.original_outlet:
            return self.released
        return self.released + OUTLET_LAG[outlet]


class Timeline:
    """Holds the published stories (oldest first) and the queue of held-back ones."""

    def __init__(self, stories: list[DemoStory], *, seed_count: int, start: datetime) -> None:
        if not 0 <= seed_count <= len(stories):
            raise DemoError(f"seed_count must be between 0 and {len(stories)}, not {seed_count}.")
        self._published: list[Published] = []
        self._held: deque[DemoStory] = deque(stories[seed_count:])
        self._next_telegram_id = _FIRST_TELEGRAM_ID
        for i, story in enumerate(stories[:seed_count]):
            self._release(story, start - (seed_count - i) * STORY_SPACING)

    @property
    def published(self) -> list[Published]:
        return list(self._published)

    def pending(self) -> int:
        return len(self._held)

    def publish_next(self, now: datetime) -> Published | None:
        """Release the next held-back story so that its last copy is stamped ``now``."""
        if not self._held:
            return None
        return self._release(self._held.popleft(), now - max(OUTLET_LAG.values()))

    def on(self, outlet: str) -> list[Published]:
        """Published stories ``outlet`` carries, newest first by that outlet's time."""
        items = [(p.time_on(outlet), i, p) for i, p in enumerate(self._published)]
        # The release order breaks ties, so two stories released in one second keep their order.
        newest_first = sorted(items, key=lambda t: t[:2], reverse=True)
        return [p for _, _, p in newest_first if _carries(p.story, outlet)]

    def find(self, outlet: str, slug: str) -> Published | None:
        return next((p for p in self.on(outlet) if p.story.slug == slug), None)

    def latest_time(self, outlet: str) -> datetime | None:
        items = self.on(outlet)
        return items[0].time_on(outlet) if items else None

    def _release(self, story: DemoStory, released: datetime) -> Published:
        telegram_id = None
        if story.telegram is not None:
            telegram_id = self._next_telegram_id
            self._next_telegram_id += 1
        item = Published(story, released, telegram_id)
        self._published.append(item)
        return item


def _carries(story: DemoStory, outlet: str) -> bool:
    return getattr(story, outlet) is not None
