"""The in-memory story index: which story a new article joins, decided as it is stored.

Copies are retrieved with MinHash LSH over the opening and the lede sketches (see the band
counts below) and verified with the copy score. Rewrites are retrieved from an inverted
index of names and numbers, limited to the time window, and verified with the rewrite
score. Nothing is compared pairwise against the whole index. The index also learns, per
site, the phrases the site repeats (``boilerplate``); ``sign`` leaves them out.

An article is compared with articles published within the window of it (undated ones with
every article held). So the index holds only recent days: those within ``window + slack`` of
the newest publication time it has seen; older days are forgotten a day at a time (the
store keeps every signature). A late article, published before that, needs days the index
no longer holds: ``days_to_visit`` names them, the caller reads those days' stored
signatures and hands them to ``visit``, and the index keeps them thinly (keys and stories,
no signatures; a candidate's signature is read through ``assign``'s ``fetch``) for the
next late articles, a few days at most. The desk's index keeps every article thinly but the
latest few thousand (``keep_signatures``): at 3,000 articles a day the signatures were a
third of its memory, and they grow with the day's volume.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from newsdesk.records import Assignment, Relation

from . import signature as _signature
from .boilerplate import Boilerplate, SiteMemory
from .decisions import StoryGraph
from .errors import SignatureError, StoriesError
from .keymap import KeyMap, band_keys
from .signature import (
    Features,
    Signature,
    Sketches,
    StoryCandidate,
    decode_features,
    decode_minhash,
)
from .similarity import COPY_THRESHOLD, REWRITE_THRESHOLD, copy_score, rewrite_score

# LSH bands of 128/bands rows: the opening bands find copies whose first 1,200 characters
# are half alike or more (a moved or dropped standfirst); the lede bands, near-identical
# ledes (truncated teasers, whose opening is short).
_OPENING_BANDS = 32  # 4 rows: Jaccard 0.5 found with p = 0.87, 0.7 with p = 1.00
_LEDE_BANDS = 16  # 8 rows: Jaccard 0.8 found with p = 0.95, 0.9 with p = 1.00
_MIN_POSTINGS_CAP = 16
_MAX_POSTINGS_SHARE = 0.02  # a token in more than 2% of a day's articles is too common to search
_MAX_REWRITE_CANDIDATES = 24
# Candidates kept decoded: a decoded signature holds ~29 kB (rensa's sketches, the features
# as Python ints) and decoding one takes ~20 us, so only a burst's worth is worth keeping.
_DECODED_KEPT = 64
# Signatures of the latest articles (~2.7 kB each), for an index that holds no others: the
# last hours, when most copies of a story come. The other candidates are read from the store
# (in bench/ingest's memory run, 15 of an article's 21 with 4,096 kept, 19 with 1,024, at the
# same CPU).
_RECENT_KEPT = 1024
_MAX_SITES = 4096  # sites whose boilerplate is remembered (~9 kB each), least recent dropped
_FUTURE = timedelta(days=1)  # a publication time further ahead of the clock moves nothing
_VISIT_KEPT = 1000  # assignments a visited day is kept without being used again (a backlog)
_VISIT_BATCH = 65_536  # key pairs of a day read back put in its maps at once
_NO_STORY = -1  # in a visited day's arrays: the article counts for no story (split out)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

Fetch = Callable[[Sequence[int]], Mapping[int, Signature]]


@dataclass(slots=True)
class _Entry:
    story: int | None  # None once a user split the article out and before it is re-added
    signature: Signature | None  # None in a visited day: read through ``fetch``
    published: datetime | None
    day: int  # the key of the day holding it (see ``_Day``)
    fingerprint: int  # tells a re-added signature from a changed one without keeping it


class _Day:
    """What the index holds for one publication day (key: its ordinal, UTC), or for the
    undated articles that arrived on one day (key: minus its ordinal)."""

    __slots__ = ("bands", "count", "members", "thin", "tokens")

    def __init__(self) -> None:
        self.bands = KeyMap()  # LSH band keys of the lede and opening sketches
        self.tokens = KeyMap()  # hashed names and numbers
        self.members: list[int] = []  # articles held as entries
        self.thin: _Thin | None = None  # a visited day's articles read back from the store
        self.count = 0  # articles added (for the share of the day a token is in)


class _Thin:
    """A visited day's articles as arrays sorted by id, not as entries: 32 bytes an article
    against ~280 in Python objects, which left the heap fragmented when the day went."""

    __slots__ = ("fingerprints", "ids", "published", "stories")

    def __init__(self, ids: list[int], stories: list[int | None], published: list[datetime],
                 fingerprints: list[int]) -> None:
        order = np.argsort(np.array(ids, dtype=np.int64), kind="stable")
        self.ids = np.array(ids, dtype=np.int64)[order]
        self.stories = np.array([_NO_STORY if s is None else s for s in stories],
                                dtype=np.int64)[order]
        self.published = np.array([_micros(p) for p in published], dtype=np.int64)[order]
        self.fingerprints = np.array(fingerprints, dtype=np.int64)[order]

    def find(self, article_id: int) -> int | None:
        """Where ``article_id`` is in the arrays, or None."""
        at = int(np.searchsorted(self.ids, article_id))
        return at if at < len(self.ids) and int(self.ids[at]) == article_id else None

    def story(self, at: int) -> int | None:
        story = int(self.stories[at])
        return None if story == _NO_STORY else story


class _Visit:
    """A forgotten day being read back: its keys go into its maps ~65,000 pairs at a time
    (one sort each, not one per 4,096 pairs; a day holds ~300,000)."""

    __slots__ = ("articles", "bands", "day", "ids", "pending", "tokens")

    def __init__(self, day: _Day) -> None:
        self.day = day
        self.bands: list[np.ndarray] = []
        self.tokens: list[np.ndarray] = []
        self.ids: list[int] = []
        self.pending = 0
        # (id, story, published, fingerprint) of every article taken, for the day's `_Thin`
        self.articles: list[tuple[int, int | None, datetime, int]] = []

    def take(self, article_id: int, story_id: int | None, published: datetime,
             fingerprint: int, bands: np.ndarray, tokens: np.ndarray) -> None:
        self.day.count += 1
        self.articles.append((article_id, story_id, published, fingerprint))
        self.bands.append(bands)
        self.tokens.append(tokens)
        self.ids.append(article_id)
        self.pending += len(bands) + len(tokens)
        if self.pending >= _VISIT_BATCH:
            self.flush()

    def finish(self) -> None:
        self.flush()
        columns = list(zip(*self.articles, strict=True)) or [(), (), (), ()]
        self.day.thin = _Thin(*(list(column) for column in columns))
        self.articles = []

    def flush(self) -> None:
        if not self.ids:
            return
        ids = np.array(self.ids, dtype=np.int64)
        for keys, into in ((self.bands, self.day.bands), (self.tokens, self.day.tokens)):
            into.extend(np.concatenate(keys), np.repeat(ids, [len(k) for k in keys]))
        self.bands, self.tokens, self.ids, self.pending = [], [], [], 0


class StoryIndex:
    """Assigns new articles to stories; rebuilt at start-up from stored signatures.

    ``slack``: how far behind the newest publication time an article may be and still be
    placed from what the index holds; None keeps every day (no forgetting).
    ``keep_signatures`` False: the index holds no article's signature, only its keys and
    story, and ``assign`` reads the signatures of the candidates it has not decoded lately
    through ``fetch`` (the store has them), except the latest ``_RECENT_KEPT`` articles'
    (the likeliest candidates); an article then costs it ~1.3 kB, not ~4 kB.
    """

    def __init__(
        self,
        *,
        copy_threshold: float = COPY_THRESHOLD,
        rewrite_threshold: float = REWRITE_THRESHOLD,
        window: timedelta = timedelta(days=3),
        slack: timedelta | None = timedelta(days=1),
        keep_signatures: bool = True,
    ) -> None:
        self._keep_signatures = keep_signatures
        self._copy_threshold = copy_threshold
        self._rewrite_threshold = rewrite_threshold
        self._window = window
        self._spread = max(0, window.days + (1 if window.seconds else 0))
        self._retain = None if slack is None else window + slack
        self._horizon: datetime | None = None  # the newest publication time seen
        self._cutoff: int | None = None  # days before this one are forgotten
        self._days: dict[int, _Day] = {}
        self._visited: dict[int, int] = {}  # forgotten days held again -> last used (assigns)
        self._assigned = 0
        self._sites: dict[int, SiteMemory] = {}  # least recently observed first
        self._decoded_cache: dict[int, tuple[Sketches, Features]] = {}
        self._recent: dict[int, Signature] = {}  # without keep_signatures; oldest first
        self._entries: dict[int, _Entry] = {}
        self._graph = StoryGraph()

    def __len__(self) -> int:
        return len(self._entries) + sum(len(thin.ids) for thin in self._thins())

    def footprint(self) -> dict[str, int]:
        """What the index holds: articles, days (of them visited), sites, key pairs."""
        return {
            "articles": len(self), "days": len(self._days),
            "visited_days": len(self._visited), "sites": len(self._sites),
            "pairs": sum(len(d.bands) + len(d.tokens) for d in self._days.values()),
        }

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
        An article published on a day the index no longer holds is left out: the store has it.
        """
        if article_id < 0:
            raise StoriesError(f"article id {article_id} is negative; ids must be 0 or more")
        self._advance(published)
        old = self._entries.get(article_id)
        key = old.day if old is not None and old.published == published else self._key(published)
        resident = self._cutoff is None or abs(key) >= self._cutoff
        if not resident and key not in self._visited:
            if old is not None:
                self._forget(article_id)
            return
        fingerprint = hash((signature.minhash, signature.features))
        if old is not None and old.day == key and old.fingerprint == fingerprint:
            old.story = story_id
            return
        if old is None and self._moved_thinly(article_id, key, fingerprint, story_id):
            return
        sketches, features = decode_minhash(signature), decode_features(signature)
        if old is not None:
            self._decoded_cache.pop(article_id, None)
        elif resident:  # a site's phrases are counted once per article
            self._observe_site(features.site, features.units)
        kept = signature if resident and self._keep_signatures else None
        self._entries[article_id] = _Entry(story_id, kept, published, key, fingerprint)
        self._hold(article_id, key, sketches, features)
        if resident and not self._keep_signatures:
            self._keep_recent(article_id, signature)

    def advance_to(self, moment: datetime) -> None:
        """Count ``moment`` as seen (the newest stored publication, at start-up): days too
        old for the window it implies are forgotten, and are not loaded."""
        self._advance(moment)

    def first_held_day(self) -> int | None:
        """The first day (an ordinal, UTC) whose articles the index holds; None while it
        has forgotten nothing."""
        return self._cutoff

    def days_to_visit(self, published: datetime | None) -> list[int]:
        """The days (ordinals, UTC) within the window of ``published`` that the index no
        longer holds: ``visit`` them before ``assign`` so a late article sees its peers."""
        if published is None or self._cutoff is None:
            return []
        middle = _day_of(published)
        days = range(middle - self._spread, middle + self._spread + 1)
        for day in days:
            if day in self._visited:  # used again: the last to be dropped
                del self._visited[day]
                self._visited[day] = self._assigned
        return [d for d in days if d < self._cutoff and d not in self._visited]

    def visit(self, days: Iterable[int],
              rows: Iterable[tuple[int, int | None, Signature, datetime]]) -> None:
        """Hold again, thinly, the articles published on ``days`` (ordinals, UTC) that the
        index had forgotten: ``rows`` are (article id, story id, signature, published), in
        any order, taken one at a time (days of them need not be in memory at once); those
        of other days, or of days held already, are passed over."""
        new = [day for day in dict.fromkeys(days) if day not in self._days]
        if not new:
            return
        # a late article's days (at most 2 * spread + 1), and one more; the ones it needs
        # and holds already were used last (``days_to_visit``), so they stay
        self._leave_visited(keep=max(0, 2 * self._spread + 2 - len(new)))
        held = {}
        for day in new:
            held[day] = _Visit(self._days.setdefault(day, _Day()))
            self._visited[day] = self._assigned
        for article_id, story_id, signature, published in rows:
            visit = held.get(_day_of(published))
            if visit is None or article_id in self._entries:
                continue
            try:
                sketches, features = decode_minhash(signature), decode_features(signature)
            except SignatureError:
                continue
            fingerprint = hash((signature.minhash, signature.features))
            tokens = np.fromiter(features.names | features.numbers, dtype=np.uint64)
            visit.take(article_id, story_id, published, fingerprint, _bands(sketches), tokens)
        for visit in held.values():
            visit.finish()

    def assign(self, candidate: StoryCandidate, signature: Signature,
               fetch: Fetch | None = None) -> Assignment:
        """Where ``candidate`` belongs: a copy or rewrite of a story, or a new story (None).
        ``fetch`` reads the signatures of articles held thinly (visited days); without it
        they are passed over."""
        self._assigned += 1
        self._leave_visited(used_since=self._assigned - _VISIT_KEPT)
        sketches = decode_minhash(signature)
        features = decode_features(signature)
        banned = set(self._graph.forbidden_for(candidate.article_id))
        near = self._rewrite_candidates(candidate, features)
        decoded = self._decode_all(self._band_hits(candidate, sketches) | set(near), fetch)
        decoded.pop(candidate.article_id, None)
        copies = self._copies(sketches, features, decoded)
        for _, article_id in copies:
            banned |= self._graph.forbidden_for(article_id)
        for score, article_id in copies:
            story = self._story_of(article_id, banned)
            if story is not None:
                return Assignment(story, Relation.COPY, round(score, 4))
        best: tuple[float, int] | None = None
        for article_id in near:
            if article_id not in decoded or not self._in_window(
                    candidate.published, self._published_of(article_id)):
                continue
            story = self._story_of(article_id, banned)
            if story is None:
                continue
            score = rewrite_score(features, decoded[article_id][1])
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
        current = self.story_of(article_id)
        if current is None or current != self._graph.find(story_id):
            return
        entry = self._entries.get(article_id)
        if entry is not None:
            entry.story = None
        elif (found := self._thin_of(article_id)) is not None:
            found[0].stories[found[1]] = _NO_STORY

    def merge(self, from_story: int, into_story: int) -> None:
        """A user merged two stories: ``from_story``'s members now count as ``into_story``'s."""
        self._graph.merge(from_story, into_story)

    def story_of(self, article_id: int) -> int | None:
        """The story an indexed article counts for now (after merges), or None."""
        entry = self._entries.get(article_id)
        if entry is not None:
            story = entry.story
        elif (found := self._thin_of(article_id)) is not None:
            story = found[0].story(found[1])
        else:
            return None
        return None if story is None else self._graph.find(story)

    # what the index holds

    def _advance(self, published: datetime | None) -> None:
        """Move the horizon to ``published`` if it is newer; forget the days it leaves."""
        if published is None or self._retain is None:
            return
        published = _aware(published)
        if self._horizon is not None and published <= self._horizon:
            return
        if published > datetime.now(UTC) + _FUTURE:  # a wrong date must not empty the index
            return
        self._horizon = published
        cutoff = _day_of(published - self._retain)
        if self._cutoff is None or cutoff > self._cutoff:
            self._cutoff = cutoff
            for key in [k for k in self._days if abs(k) < cutoff and k not in self._visited]:
                self._drop_day(key)

    def _leave_visited(self, *, keep: int | None = None, used_since: int | None = None,
                       ) -> None:
        """Drop visited days, least recently used first: past ``keep`` of them, or those not
        used since assignment ``used_since`` (a backlog placed, they are not needed)."""
        while self._visited:
            oldest, used = next(iter(self._visited.items()))
            if (keep is None or len(self._visited) <= keep) and (
                    used_since is None or used >= used_since):
                return
            del self._visited[oldest]
            self._drop_day(oldest)

    def _key(self, published: datetime | None) -> int:
        if published is not None:
            return _day_of(published)
        arrived = self._horizon or datetime.now(UTC)  # undated: the day it arrived
        return -_day_of(arrived)

    def _hold(self, article_id: int, key: int, sketches: Sketches, features: Features) -> None:
        day = self._days.get(key)
        if day is None:
            day = self._days[key] = _Day()
        day.members.append(article_id)
        day.count += 1
        day.bands.add(_bands(sketches).tolist(), article_id)
        day.tokens.add(features.names | features.numbers, article_id)

    def _drop_day(self, key: int) -> None:
        day = self._days.pop(key, None)
        if day is None:
            return
        for article_id in day.members:
            entry = self._entries.get(article_id)
            if entry is not None and entry.day == key:  # not moved to another day since
                self._forget(article_id)
        if day.thin is not None:
            for article_id in [a for a in self._decoded_cache if day.thin.find(a) is not None]:
                del self._decoded_cache[article_id]

    def _forget(self, article_id: int) -> None:
        del self._entries[article_id]
        self._decoded_cache.pop(article_id, None)
        self._recent.pop(article_id, None)

    def _keep_recent(self, article_id: int, signature: Signature) -> None:
        self._recent.pop(article_id, None)
        self._recent[article_id] = signature
        if len(self._recent) > _RECENT_KEPT:
            del self._recent[next(iter(self._recent))]

    def _observe_site(self, site: int, units: tuple[int, ...]) -> None:
        memory = self._sites.pop(site, None)
        if memory is None:
            memory = SiteMemory()
        self._sites[site] = memory  # now the most recent
        memory.observe(list(units))
        if len(self._sites) > _MAX_SITES:
            del self._sites[next(iter(self._sites))]

    # finding candidates

    def _near_days(self, published: datetime | None, *, dated_only: bool) -> list[_Day]:
        """The days an article published at ``published`` is compared with: those within
        the window, and (unless ``dated_only``) the undated; an undated article: the undated
        (``dated_only``) or every day."""
        if published is None:
            return [d for k, d in self._days.items() if k < 0 or not dated_only]
        middle = _day_of(published)
        return [d for k, d in self._days.items()
                if abs(k - middle) <= self._spread or (k < 0 and not dated_only)]

    def _band_hits(self, candidate: StoryCandidate, sketches: Sketches) -> set[int]:
        bands = _bands(sketches)
        hits: set[int] = set()
        for day in self._near_days(candidate.published, dated_only=False):
            hits |= day.bands.any_of(bands)
        return hits

    def _rewrite_candidates(self, candidate: StoryCandidate, features: Features) -> list[int]:
        hits: Counter[int] = Counter()
        tokens = np.array(sorted(features.names | features.numbers), dtype=np.uint64)
        days = self._near_days(candidate.published, dated_only=True)
        undated = sum(d.count for d in days) if candidate.published is None else 0
        for day in days:
            cap = max(_MIN_POSTINGS_CAP, _MAX_POSTINGS_SHARE * (undated or day.count))
            for _, postings in day.tokens.groups(tokens):
                if len(postings) <= cap:
                    hits.update(postings)
        hits.pop(candidate.article_id, None)
        held = self._held([article_id for article_id, count in hits.items() if count >= 2])
        ranked = sorted(
            (pair for pair in hits.items() if pair[0] in held),
            key=lambda pair: (-pair[1], pair[0]),
        )
        return [article_id for article_id, _ in ranked[:_MAX_REWRITE_CANDIDATES]]

    def _copies(self, sketches: Sketches, features: Features,
                decoded: dict[int, tuple[Sketches, Features]]) -> list[tuple[float, int]]:
        """Copies of the article among ``decoded`` (LSH hits, and articles sharing names and
        numbers, which a copy shares too: a fallback when LSH misses), best first."""
        found = []
        for other in sorted(decoded):
            score = copy_score(sketches, features, *decoded[other])
            if score >= self._copy_threshold:
                found.append((score, other))
        found.sort(key=lambda pair: (-pair[0], pair[1]))
        return found

    def _decode_all(self, article_ids: set[int], fetch: Fetch | None,
                    ) -> dict[int, tuple[Sketches, Features]]:
        """The sketches and features of the held articles among ``article_ids``; those held
        thinly are read through ``fetch`` (at once), or left out without it."""
        found, thin = {}, []
        held = self._held(article_ids)
        for article_id in sorted(held):
            entry = self._entries.get(article_id)
            decoded = self._decoded_cache.pop(article_id, None)
            if decoded is None:
                signature = (entry and entry.signature) or self._recent.get(article_id)
                if signature is None:
                    thin.append(article_id)
                    continue
                decoded = _decode(signature)
            found[article_id] = self._remember(article_id, decoded)
        if thin and fetch is not None:
            for article_id, signature in sorted(fetch(thin).items()):
                if article_id in held:
                    try:
                        found[article_id] = self._remember(article_id, _decode(signature))
                    except SignatureError:
                        continue
        return found

    def _remember(self, article_id: int, decoded: tuple[Sketches, Features],
                  ) -> tuple[Sketches, Features]:
        """Keep ``decoded`` as the most recently used; the least recent goes past the limit."""
        if len(self._decoded_cache) >= _DECODED_KEPT:
            del self._decoded_cache[next(iter(self._decoded_cache))]
        self._decoded_cache[article_id] = decoded
        return decoded

    def _story_of(self, article_id: int, banned: set[int]) -> int | None:
        story = self.story_of(article_id)
        if story is None or self._graph.is_banned(story, banned):
            return None
        return story

    # articles held thinly (visited days)

    def _thins(self) -> Iterator[_Thin]:
        return (day.thin for day in self._days.values() if day.thin is not None)

    def _thin_of(self, article_id: int) -> tuple[_Thin, int] | None:
        """The visited day's arrays holding ``article_id`` as they were read, and where."""
        for thin in self._thins():
            at = thin.find(article_id)
            if at is not None:
                return thin, at
        return None

    def _held(self, article_ids: Iterable[int]) -> set[int]:
        """Those of ``article_ids`` the index holds, as entries or thinly."""
        held: set[int] = set()
        rest: list[int] = []
        for article_id in article_ids:
            if article_id in self._entries:
                held.add(article_id)
            else:
                rest.append(article_id)
        if rest:
            wanted = np.array(rest, dtype=np.int64)
            for thin in self._thins():
                held.update(wanted[np.isin(wanted, thin.ids)].tolist())
        return held

    def _published_of(self, article_id: int) -> datetime | None:
        """When a held article was published (entries and visited days alike)."""
        entry = self._entries.get(article_id)
        if entry is not None:
            return entry.published
        found = self._thin_of(article_id)
        return None if found is None else _from_micros(int(found[0].published[found[1]]))

    def _moved_thinly(self, article_id: int, key: int, fingerprint: int, story_id: int,
                      ) -> bool:
        """An article held thinly in day ``key`` added again with the same signature: it
        only moves to ``story_id`` (True); False when it is not, or changed."""
        day = self._days.get(key)
        thin = None if day is None else day.thin
        at = None if thin is None else thin.find(article_id)
        if thin is None or at is None:
            return False
        if int(thin.fingerprints[at]) != fingerprint:  # a new text: an entry from now on
            thin.stories[at] = _NO_STORY
            self._decoded_cache.pop(article_id, None)
            return False
        thin.stories[at] = story_id
        return True

    def _in_window(self, a: datetime | None, b: datetime | None) -> bool:
        if a is None or b is None:
            return a is None and b is None
        return abs(a - b) <= self._window


def _decode(signature: Signature) -> tuple[Sketches, Features]:
    return decode_minhash(signature), decode_features(signature)


def _bands(sketches: Sketches) -> np.ndarray:
    """The LSH band keys of an article's lede and opening sketches, in one map's numbering."""
    return np.concatenate((band_keys(sketches.lede.digest(), _LEDE_BANDS),
                           band_keys(sketches.opening.digest(), _OPENING_BANDS, _LEDE_BANDS)))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _micros(moment: datetime) -> int:
    """``moment`` as whole microseconds since 1970 (UTC); exact, unlike a float."""
    return (_aware(moment) - _EPOCH) // _MICROSECOND


def _from_micros(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def _day_of(moment: datetime) -> int:
    """The ordinal of ``moment``'s day in UTC (a time without a zone is taken as UTC)."""
    return _aware(moment).astimezone(UTC).toordinal()
