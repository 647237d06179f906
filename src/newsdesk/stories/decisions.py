"""The users' decisions about stories: merges (a union-find of story ids) and splits (bans)."""

from __future__ import annotations


class StoryGraph:
    """Which story id a story now counts as, and which stories an article may not join."""

    def __init__(self) -> None:
        self._parent: dict[int, int] = {}
        self._forbidden: dict[int, set[int]] = {}

    def find(self, story: int) -> int:
        """The story ``story`` now counts as, after every merge."""
        root = story
        while root in self._parent:
            root = self._parent[root]
        while story != root:  # path compression keeps later look-ups short
            parent = self._parent[story]
            self._parent[story] = root
            story = parent
        return root

    def merge(self, from_story: int, into_story: int) -> None:
        """From now on ``from_story`` counts as ``into_story``."""
        source, target = self.find(from_story), self.find(into_story)
        if source != target:
            self._parent[source] = target

    def forbid(self, article_id: int, story: int) -> None:
        """``article_id`` (and articles that copy it) may never join ``story`` again."""
        self._forbidden.setdefault(article_id, set()).add(story)

    def forbidden_for(self, article_id: int) -> set[int]:
        """The stories ``article_id`` was split out of (as given, before merges)."""
        return self._forbidden.get(article_id, set())

    def is_banned(self, story: int, banned: set[int]) -> bool:
        """Whether ``story`` (after merges) is one of ``banned`` (after merges)."""
        if not banned:
            return False
        root = self.find(story)
        return any(self.find(other) == root for other in banned)
