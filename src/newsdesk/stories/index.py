"""The in-memory story index: which story a new article joins, decided as it is stored.

Copies are retrieved with MinHash LSH over the opening and the lede sketches (rensa; see the
band counts below) and verified with the copy score. Rewrites are retrieved from an inverted
index of names and numbers bucketed by publication day, limited to the time window, and
verified with the rewrite score. Nothing is compared pairwise against the whole index. The
index also learns, per site, the phrases the site repeats (``boilerplate``); ``sign`` leaves
them out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import rensa

from newsdesk.records import Assignment, Relation

from . import signature as _signature
from .boilerplate import Boilerplate, SiteMemory
from .decisions import StoryGraph
from .errors import StoriesError
from .signature import (
    NUM_PERM,
    Features,
    Signature,
    Sketches,
    StoryCandidate,
    decode_features,
    decode_minhash,
)
from .similarity import COPY_THRESHOLD, REWRITE_THRESHOLD, copy_score, rewrite_score

# LSH bands of 128/bands rows: the opening index finds copies whose first 1,200 characters
# are half alike or more (a moved or dropped standfirst); the lede index, near-identical ledes
# (truncated teasers, whose opening is short). Each band costs ~100 bytes per article.
_OPENING_BANDS = 32  # 4 rows: Jaccard 0.5 found with p = 0.87, 0.7 with p = 1.00
_LEDE_BANDS = 16  # 8 rows: Jaccard 0.8 found with p = 0.95, 0.9 with p = 1.00
_MIN_POSTINGS_CAP = 16
_MAX_POSTINGS_SHARE = 0.02  # a token in more than 2% of a day's articles is too common to search
_MAX_REWRITE_CANDIDATES = 24
_DECODED_KEPT = 4096  # candidates kept decoded (about 3 kB each)
_UNDATED = -1


@dataclass(slots=True)
class _Entry:
    story: int | None  # None once a user split the article out and before it is re-added
    signature: Signature  # decoded when the entry is a candidate: memory stays ~ its bytes
    published: datetime | None


class StoryIndex:
    """Assigns new articles to stories; rebuilt at start-up from stored signatures."""

    def __init__(
        self,
        *,
        copy_threshold: float = COPY_THRESHOLD,
        rewrite_threshold: float = REWRITE_THRESHOLD,
        window: timedelta = timedelta(days=3),
    ) -> None:
        self._copy_threshold = copy_threshold
        self._rewrite_threshold = rewrite_threshold
        self._window = window
        self._window_days = max(0, window.days + (1 if window.seconds else 0))
        self._lede_lsh = rensa.RMinHashLSH(copy_threshold, NUM_PERM, _LEDE_BANDS)
        self._opening_lsh = rensa.RMinHashLSH(copy_threshold, NUM_PERM, _OPENING_BANDS)
        self._sites: dict[int, SiteMemory] = {}
        self._decoded_cache: dict[int, tuple[Sketches, Features]] = {}
        self._entries: dict[int, _Entry] = {}
        self._postings: dict[int, list[int]] = {}
        self._day_counts: dict[int, int] = {}
        self._graph = StoryGraph()

    def __len__(self) -> int:
        return len(self._entries)

    def sign(self, candidate: StoryCandidate) -> Signature:
        """``candidate``'s signature, without what its site is known to repeat."""
        return _signature.sign(candidate, self._sites.get(_signature.site_of(candidate)))

    def boilerplate_for(self, candidate: StoryCandidate) -> Boilerplate | None:
        """What ``candidate``'s site is known to repeat, frozen: ``sign`` elsewhere with it."""
        known = self._sites.get(_signature.site_of(candidate))
        return None if known is None else known.boilerplate()

    def add(
        self, article_id: int, story_id: int, signature: Signature, published: datetime | None
    ) -> None:
        """Index an article already assigned to ``story_id`` (start-up load, and after assign).

        Adding an indexed article again moves it to ``story_id`` (and re-indexes a new text).
        """
        if article_id < 0:
            raise StoriesError(f"article id {article_id} is negative; ids must be 0 or more")
        old = self._entries.get(article_id)
        if old is not None and old.signature == signature:
            old.story = story_id
            return
        sketches = decode_minhash(signature)
        features = decode_features(signature)
        if old is not None:
            self._decoded_cache.pop(article_id, None)
            self._lede_lsh.remove(article_id)
            self._opening_lsh.remove(article_id)
        else:  # a site's phrases are counted once per article
            self._sites.setdefault(features.site, SiteMemory()).observe(list(features.units))
        self._entries[article_id] = _Entry(story_id, signature, published)
        self._lede_lsh.insert(article_id, sketches.lede)
        self._opening_lsh.insert(article_id, sketches.opening)
        day = _day(published)
        self._day_counts[day] = self._day_counts.get(day, 0) + 1
        for key in self._keys(features.names | features.numbers, published, spread=0):
            self._postings.setdefault(key, []).append(article_id)

    def assign(self, candidate: StoryCandidate, signature: Signature) -> Assignment:
        """Where ``candidate`` belongs: a copy or rewrite of a story, or a new story (None)."""
        sketches = decode_minhash(signature)
        features = decode_features(signature)
        banned = set(self._graph.forbidden_for(candidate.article_id))
        near = self._rewrite_candidates(candidate, features)
        copies = self._copies(candidate.article_id, sketches, features, near)
        for _, article_id in copies:
            banned |= self._graph.forbidden_for(article_id)
        for score, article_id in copies:
            story = self._story_of(article_id, banned)
            if story is not None:
                return Assignment(story, Relation.COPY, round(score, 4))
        best: tuple[float, int] | None = None
        for article_id in near:
            entry = self._entries[article_id]
            if not self._in_window(candidate.published, entry.published):
                continue
            story = self._story_of(article_id, banned)
            if story is None:
                continue
            score = rewrite_score(features, self._decoded(article_id)[1])
            if score >= self._rewrite_threshold and (best is None or score > best[0]):
                best = (score, story)
        if best is not None:
            return Assignment(best[1], Relation.REWRITE, round(best[0], 4))
        return Assignment(None, Relation.ORIGINAL, 1.0)

    def forbid(self, article_id: int, story_id: int) -> None:
        """A user split ``article_id`` out of ``story_id``: neither it nor its copies go back.

        The article stops counting as a member of that story until it is added again.
        """
        self._graph.forbid(article_id, story_id)
        entry = self._entries.get(article_id)
        if (
            entry is not None
            and entry.story is not None
            and (self._graph.find(entry.story) == self._graph.find(story_id))
        ):
            entry.story = None

    def merge(self, from_story: int, into_story: int) -> None:
        """A user merged two stories: ``from_story``'s members now count as ``into_story``'s."""
        self._graph.merge(from_story, into_story)

    def story_of(self, article_id: int) -> int | None:
        """The story an indexed article counts for now (after merges), or None."""
        entry = self._entries.get(article_id)
        if entry is None or entry.story is None:
            return None
        return self._graph.find(entry.story)

    def _copies(
        self, article_id: int, sketches: Sketches, features: Features, near: list[int]
    ) -> list[tuple[float, int]]:
        """Indexed copies of the article, best first: LSH hits, and ``near`` (articles sharing
        names and numbers, which a copy shares too: a fallback when LSH misses)."""
        found = []
        hits = set(self._lede_lsh.query(sketches.lede)) | set(
            self._opening_lsh.query(sketches.opening)) | set(near)
        for other in sorted(hits):
            if other == article_id:
                continue
            score = copy_score(sketches, features, *self._decoded(other))
            if score >= self._copy_threshold:
                found.append((score, other))
        found.sort(key=lambda pair: (-pair[0], pair[1]))
        return found

    def _rewrite_candidates(self, candidate: StoryCandidate, features: Features) -> list[int]:
        hits: Counter[int] = Counter()
        tokens = features.names | features.numbers
        for key in self._keys(tokens, candidate.published, spread=self._window_days):
            postings = self._postings.get(key)
            if not postings:
                continue
            day_count = self._day_counts.get((key >> 32) - 1, 0)
            if len(postings) <= max(_MIN_POSTINGS_CAP, _MAX_POSTINGS_SHARE * day_count):
                hits.update(postings)
        hits.pop(candidate.article_id, None)
        ranked = sorted(
            (pair for pair in hits.items() if pair[1] >= 2), key=lambda pair: (-pair[1], pair[0])
        )
        return [article_id for article_id, _ in ranked[:_MAX_REWRITE_CANDIDATES]]

    def _decoded(self, article_id: int) -> tuple[Sketches, Features]:
        """An indexed article's sketches and features; the most recent kept decoded."""
        found = self._decoded_cache.pop(article_id, None)
        if found is None:
            signature = self._entries[article_id].signature
            found = (decode_minhash(signature), decode_features(signature))
            if len(self._decoded_cache) >= _DECODED_KEPT:
                del self._decoded_cache[next(iter(self._decoded_cache))]
        self._decoded_cache[article_id] = found  # (re)inserted last: the most recent
        return found

    def _story_of(self, article_id: int, banned: set[int]) -> int | None:
        story = self.story_of(article_id)
        if story is None or self._graph.is_banned(story, banned):
            return None
        return story

    def _in_window(self, a: datetime | None, b: datetime | None) -> bool:
        if a is None or b is None:
            return a is None and b is None
        return abs(a - b) <= self._window

    @staticmethod
    def _keys(tokens: frozenset[int], published: datetime | None, spread: int) -> list[int]:
        if published is None:
            days = [_UNDATED]
        else:
            first = published.toordinal()
            days = list(range(first - spread, first + spread + 1))
        return [(day + 1) << 32 | token for day in days for token in tokens]


def _day(published: datetime | None) -> int:
    return _UNDATED if published is None else published.toordinal()
