"""Places each stored article in a story, and applies the user's corrections.

The story index lives in memory and holds the recent days only (the window before the newest
publication time; see ``stories.StoryIndex``); the store keeps every signature, every
assignment and every correction, so grouping survives restarts. At start-up the desk loads
the days the index holds, not every signature. A late article (published before those days)
is placed after the desk reads the stored signatures of its own days (``_visit``). Several
processes may group at once (workers on PostgreSQL): each placement holds the store's
grouping lock and first catches up with what the other processes stored (`refresh`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from newsdesk import stories
from newsdesk.ops import metrics
from newsdesk.records import Article, Assignment, Relation
from newsdesk.store import Store, StoredSignature, StoreError, StoryDecision
from newsdesk.urls import normalize_url

log = logging.getLogger(__name__)

# An article saved but not yet signed is one another process is placing right now: refresh
# looks for its signature again until it appears. Older unsigned ones were abandoned.
IN_FLIGHT = timedelta(minutes=5)
# SQLite keeps a publication time as text in the article's own offset: a day's articles are
# read with this margin either side and sorted by their UTC day here.
_OFFSET_MARGIN = timedelta(hours=14)
_FUTURE = timedelta(days=1)  # publication times further ahead of the clock are not news yet
_UNDATED_KEPT = timedelta(days=4)  # undated articles first seen this recently are loaded


class StoryDesk:
    def __init__(self, store: Store) -> None:
        self._store = store
        # the latest signatures are held, older ones read from the store (see StoryIndex)
        self.index = stories.StoryIndex(keep_signatures=False)
        self._seen_article = 0  # signatures up to this article id were read...
        self._in_flight: set[int] = set()  # ...except these, saved but not yet signed
        self._seen_decision = 0
        self._load_recent()
        self.refresh()

    def _load_recent(self) -> None:
        """Start-up: the stored signatures of the days the index holds, not every one."""
        now = datetime.now(UTC)
        self._seen_article = self._store.highest_signed_article()
        self._in_flight = set(self._store.unsigned_articles(0, self._seen_article,
                                                            now - IN_FLIGHT))
        newest = self._store.newest_published(now + _FUTURE)
        if newest is not None:
            self.index.advance_to(newest)
            first = self.index.first_held_day()
            if first is None:  # an index that forgets nothing
                self._add(self._store.signatures_after(0))
                return
            self._add(self._stored_days(first, _day(newest)))
        self._add(self._store.undated_signatures(now - _UNDATED_KEPT))

    def _add(self, found: Iterable[StoredSignature]) -> int:
        """Index stored signatures (those signed under an older scheme are signed again)."""
        loaded = 0
        stale = []
        for row in found:
            if row.scheme != stories.SIGNATURE_SCHEME:
                stale.append(row)
            elif row.story_id is not None:
                self.index.add(row.article_id, row.story_id, _signature(row), row.published)
                loaded += 1
        return loaded + self._resign(stale)

    def refresh(self) -> int:
        """Load the signatures and corrections stored since the last refresh (by any
        process); returns how many signatures were added or moved."""
        found = self._store.signatures_after(self._seen_article)
        found += self._store.signatures_of(sorted(self._in_flight))
        loaded = self._add(found)
        highest = max([self._seen_article, *(row.article_id for row in found)])
        # ids are handed out before placement: a lower id may still be signed later
        low = min([self._seen_article, *(i - 1 for i in self._in_flight)])
        since = datetime.now(UTC) - IN_FLIGHT
        self._in_flight = set(self._store.unsigned_articles(low, highest, since))
        self._seen_article = highest
        for decision_id, decision in self._store.decisions_after(self._seen_decision):
            self._apply(decision)
            self._seen_decision = decision_id
        return loaded

    def _stored_days(self, first: int, last: int) -> Iterator[StoredSignature]:
        """The stored signatures of articles published from day ``first`` to day ``last``
        (ordinals, UTC), as the store reads them: a few hundred at a time."""
        start, end = _midnight(first) - _OFFSET_MARGIN, _midnight(last + 1) + _OFFSET_MARGIN
        for row in self._store.signatures_published(start, end):
            if row.published is not None and first <= _day(row.published) <= last:
                yield row

    def _visit(self, days: list[int]) -> None:
        """Read the stored signatures of days the index no longer holds, for a late article."""
        for first, last in _runs(days):
            stale: list[StoredSignature] = []
            self.index.visit(range(first, last + 1), self._fresh(self._stored_days(first, last),
                                                                 stale))
            self._resign(stale)

    @staticmethod
    def _fresh(found: Iterable[StoredSignature], stale: list[StoredSignature],
               ) -> Iterator[tuple[int, int | None, stories.Signature, datetime]]:
        """The rows signed under today's scheme, as the index takes them; the others are
        put in ``stale``, to be signed again."""
        for row in found:
            if row.scheme != stories.SIGNATURE_SCHEME:
                stale.append(row)
            elif row.published is not None:
                yield row.article_id, row.story_id, _signature(row), row.published

    def _signatures(self, article_ids: Sequence[int]) -> Mapping[int, stories.Signature]:
        return {r.article_id: _signature(r) for r in self._store.signatures_of(article_ids)
                if r.scheme == stories.SIGNATURE_SCHEME}

    def _resign(self, rows: Sequence[StoredSignature]) -> int:
        """Sign again, from the stored text, articles signed under an older scheme."""
        if rows:
            log.info("re-signing %d article(s) for story grouping (the signature scheme"
                     " changed); this happens once", len(rows))
        for row in rows:
            stored = self._store.get_article(row.article_id)
            signature = self.index.sign(stories.StoryCandidate.of(row.article_id, stored.article))
            self._store.save_signature(row.article_id, signature.scheme, signature.minhash,
                                       signature.features)
            if row.story_id is not None:
                self.index.add(row.article_id, row.story_id, signature, row.published)
        return len(rows)

    def _apply(self, decision: StoryDecision) -> None:
        if decision.kind == "split" and decision.article_id is not None:
            self.index.forbid(decision.article_id, decision.story_id)
        elif decision.kind == "merge" and decision.other_story_id is not None:
            self.index.merge(decision.story_id, decision.other_story_id)

    def boilerplate_for(self, article: Article) -> stories.Boilerplate | None:
        """What ``article``'s site is known to repeat: sign it elsewhere with this."""
        return self.index.boilerplate_for(stories.StoryCandidate.of(0, article))

    def place(self, article_id: int, article: Article, links: Sequence[str] = (),
              signature: stories.Signature | None = None) -> int:
        """Put a new or changed article in a story; returns the story's id. ``links`` are the
        pages a channel post points to: a post nothing else matches joins their story.
        ``signature``: the article's, when it was signed elsewhere (`boilerplate_for`)."""
        with self._store.grouping_lock():
            self.refresh()
            return self._place(article_id, article, links, signature)

    def _place(self, article_id: int, article: Article, links: Sequence[str],
               signature: stories.Signature | None) -> int:
        candidate = stories.StoryCandidate.of(article_id, article)
        if signature is None:
            with metrics.timed("sign"):
                signature = self.index.sign(candidate)
        self._store.save_signature(article_id, signature.scheme, signature.minhash,
                                   signature.features)
        current = self._store.story_of_article(article_id)
        if current is not None:  # a new revision: its story shows it (title, posts)
            self.index.add(article_id, current, signature, article.published)
            self._store.touch_story(current)
            self._recheck_original(current)
            return current
        with metrics.timed("assign"):
            assignment = self._assign(candidate, signature)
        linked = self._linked_story(links) if assignment.story_id is None else None
        if linked is not None:
            assignment = Assignment(linked, Relation.REWRITE)
        created = assignment.story_id is None
        if created:
            story_id = self._store.create_story(article.title, article_id)
            self._store.assign_story(article_id, story_id, Relation.ORIGINAL)
        else:  # the store follows a story merged away (by another process) to the live one
            story_id = self._store.assign_story(article_id, assignment.story_id,
                                                assignment.relation)
        self.index.add(article_id, story_id, signature, article.published)
        if links:
            self._store.save_links(article_id, _normalized(links))
        gathered = self._gather_posts(normalize_url(article.canonical_url or article.url),
                                      story_id)
        if gathered or not created:  # a new story of one article is its own original
            self._recheck_original(story_id)
        return story_id

    def _assign(self, candidate: stories.StoryCandidate, signature: stories.Signature,
                ) -> Assignment:
        days = self.index.days_to_visit(candidate.published)
        if days:  # a late article: its days are read from the store first
            self._visit(days)
        return self.index.assign(candidate, signature, fetch=self._signatures)

    def _gather_posts(self, url: str, story_id: int) -> int:
        """Posts stored before the article they link to, still alone, join its story (and
        the story each leaves empty is retired into it); how many joined."""
        joined = 0
        for row in self._store.signatures_of(self._store.lone_articles_linking_to(url)):
            if row.story_id == story_id:
                continue
            self._store.assign_story(row.article_id, story_id, Relation.REWRITE)
            joined += 1
            if row.scheme == stories.SIGNATURE_SCHEME:
                self.index.add(row.article_id, story_id, _signature(row), row.published)
        return joined

    def place_unplaced(self, limit: int = 50) -> int:
        """Place articles whose placement was cut short; how many were placed."""
        placed = 0
        for article_id in self._store.unplaced_articles(datetime.now(UTC) - IN_FLIGHT, limit):
            try:
                self.place(article_id, self._store.get_article(article_id).article)
            except (StoreError, stories.StoriesError) as exc:
                log.warning("article %s could not be placed in a story: %s", article_id, exc)
                continue
            placed += 1
        return placed

    def _linked_story(self, links: Sequence[str]) -> int | None:
        """The story of the first stored article among ``links``."""
        for url in _normalized(links):
            article_id = self._store.find_article_id(url)
            if article_id is not None:
                story_id = self._store.get_article(article_id).story_id
                if story_id is not None:
                    return self.index.story_of(article_id) or story_id
        return None

    def recheck_original(self, story_id: int) -> None:
        """Choose a story's original again (after the operator corrected a credit)."""
        with self._store.grouping_lock():
            self._recheck_original(story_id)

    def _recheck_original(self, story_id: int) -> None:
        story = self._store.get_story(story_id)
        if not story.articles:
            return
        relays = self._store.articles_with_links([a.id for a in story.articles])
        members = [
            stories.OriginCandidate(
                article_id=a.id, publisher=a.article.publisher,
                original_source=a.article.original_source, published=a.article.published,
                first_seen=a.first_seen, relay=a.id in relays,
            )
            for a in story.articles
        ]
        original = stories.choose_original(members)
        title = next(a.article.title for a in story.articles if a.id == original)
        if original == story.original_article_id:
            if title != story.title:  # the original was corrected
                self._store.set_story_original(story_id, original, title)
            return
        self._store.set_story_original(story_id, original, title)
        self._relabel(original, [a.id for a in story.articles if a.id != original])

    def _relabel(self, original: int, others: list[int]) -> None:
        """Each member's relation to a new original: copy or rewrite."""
        signatures = {s.article_id: s for s in self._store.signatures_of([original, *others])}
        first = signatures.get(original)
        for article_id in others:
            mine = signatures.get(article_id)
            relation = None
            if first is not None and mine is not None and mine.scheme == first.scheme:
                relation = stories.relation_to_original(_signature(mine), _signature(first))
            # the same text is a copy; a member the signatures cannot place, a rewrite
            relation = {None: Relation.REWRITE, Relation.ORIGINAL: Relation.COPY}.get(
                relation, relation)
            self._store.set_relation(article_id, relation)

    def split(self, article_id: int) -> int:
        """Take an article out of its story into a new one; later grouping respects it."""
        with self._store.grouping_lock():
            self.refresh()
            return self._split(article_id)

    def _split(self, article_id: int) -> int:
        stored = self._store.get_article(article_id)
        if stored.story_id is None:
            raise StoreError(f"article {article_id} is in no story")
        old = stored.story_id
        self._store.add_decision(StoryDecision("split", old, article_id=article_id))
        self.index.forbid(article_id, old)
        new = self._store.create_story(stored.article.title, article_id)
        self._store.assign_story(article_id, new, Relation.ORIGINAL)  # alone: old is retired
        self._recheck_original(old)
        return new

    def merge(self, from_story: int, into_story: int) -> int:
        """Fold one story into another (``from_story`` is retired and redirects there); later
        grouping respects it. Returns the story both now are."""
        with self._store.grouping_lock():
            self.refresh()
            return self._merge(from_story, into_story)

    def _merge(self, from_story: int, into_story: int) -> int:
        source = self._store.live_story_id(from_story)
        target = self._store.live_story_id(into_story)
        if source == target:
            return target
        self._store.add_decision(StoryDecision("merge", source, other_story_id=target))
        self.index.merge(source, target)
        self._store.move_story_articles(source, target)
        self._recheck_original(target)
        return target


def _normalized(urls: Sequence[str]) -> list[str]:
    found = []
    for url in urls:
        try:
            found.append(normalize_url(url))
        except ValueError:
            continue
    return found


def _day(moment: datetime) -> int:
    return moment.astimezone(UTC).toordinal()


def _midnight(day: int) -> datetime:
    return datetime.combine(date.fromordinal(day), time(), tzinfo=UTC)


def _runs(days: list[int]) -> Iterator[tuple[int, int]]:
    """Runs of consecutive days in ``days`` (sorted): (first, last) each."""
    first = last = None
    for day in days:
        if last is not None and day == last + 1:
            last = day
            continue
        if first is not None and last is not None:
            yield first, last
        first = last = day
    if first is not None and last is not None:
        yield first, last


def _signature(row: StoredSignature) -> stories.Signature:
    return stories.Signature(row.scheme, row.minhash, row.features)
