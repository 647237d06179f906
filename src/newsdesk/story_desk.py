"""Places each stored article in a story, and applies the user's corrections.

The story index lives in memory and is rebuilt from the signatures the store keeps; the
store keeps every assignment and every correction, so grouping survives restarts. Several
processes may group at once (workers on PostgreSQL): each placement holds the store's
grouping lock and first catches up with what the other processes stored (`refresh`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from newsdesk import stories
from newsdesk.ops import metrics
from newsdesk.records import Article, Assignment, Relation
from newsdesk.store import Store, StoredSignature, StoreError, StoryDecision
from newsdesk.urls import normalize_url

log = logging.getLogger(__name__)

# An article saved but not yet signed is one another process is placing right now: refresh
# looks for its signature again until it appears. Older unsigned ones were abandoned.
IN_FLIGHT = timedelta(minutes=5)


class StoryDesk:
    def __init__(self, store: Store) -> None:
        self._store = store
        self.index = stories.StoryIndex()
        self._seen_article = 0  # signatures up to this article id were read...
        self._in_flight: set[int] = set()  # ...except these, saved but not yet signed
        self._seen_decision = 0
        self.refresh()

    def refresh(self) -> int:
        """Load the signatures and corrections stored since the last refresh (by any
        process); returns how many signatures were added or moved."""
        found = self._store.signatures_after(self._seen_article)
        found += self._store.signatures_of(sorted(self._in_flight))
        loaded = 0
        stale = [r for r in found if r.scheme != stories.SIGNATURE_SCHEME]
        for row in found:
            if row.scheme != stories.SIGNATURE_SCHEME or row.story_id is None:
                continue
            signature = stories.Signature(row.scheme, row.minhash, row.features)
            self.index.add(row.article_id, row.story_id, signature, row.published)
            loaded += 1
        loaded += self._resign(stale)
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

    def _resign(self, rows: Sequence[StoredSignature]) -> int:
        """Sign again, from the stored text, articles signed under an older scheme."""
        if rows:
            log.info("re-signing %d article(s) for story grouping (the signature scheme"
                     " changed); this happens once", len(rows))
        for row in rows:
            stored = self._store.get_article(row.article_id)
            signature = self.index.sign(story_candidate(row.article_id, stored.article))
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
        return self.index.boilerplate_for(story_candidate(0, article))

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
        candidate = story_candidate(article_id, article)
        if signature is None:
            with metrics.timed("sign"):
                signature = self.index.sign(candidate)
        self._store.save_signature(article_id, signature.scheme, signature.minhash,
                                   signature.features)
        current = self._store.get_article(article_id).story_id
        if current is not None:  # a new revision: its story shows it (title, posts)
            self.index.add(article_id, current, signature, article.published)
            self._store.touch_story(current)
            self._recheck_original(current)
            return current
        with metrics.timed("assign"):
            assignment = self.index.assign(candidate, signature)
        linked = self._linked_story(links) if assignment.story_id is None else None
        if linked is not None:
            assignment = Assignment(linked, Relation.REWRITE)
        if assignment.story_id is None:
            story_id = self._store.create_story(article.title, article_id)
            self._store.assign_story(article_id, story_id, Relation.ORIGINAL)
        else:  # the store follows a story merged away (by another process) to the live one
            story_id = self._store.assign_story(article_id, assignment.story_id,
                                                assignment.relation)
        self.index.add(article_id, story_id, signature, article.published)
        if links:
            self._store.save_links(article_id, _normalized(links))
        self._gather_posts(normalize_url(article.canonical_url or article.url), story_id)
        self._recheck_original(story_id)
        return story_id

    def _gather_posts(self, url: str, story_id: int) -> None:
        """Posts stored before the article they link to, still alone, join its story (and
        the story each leaves empty is retired into it)."""
        for row in self._store.signatures_of(self._store.lone_articles_linking_to(url)):
            if row.story_id == story_id:
                continue
            self._store.assign_story(row.article_id, story_id, Relation.REWRITE)
            if row.scheme == stories.SIGNATURE_SCHEME:
                self.index.add(row.article_id, story_id, _signature(row), row.published)

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


def _signature(row: StoredSignature) -> stories.Signature:
    return stories.Signature(row.scheme, row.minhash, row.features)


def story_candidate(article_id: int, article: Article) -> stories.StoryCandidate:
    """What grouping reads of an article."""
    return stories.StoryCandidate(
        article_id=article_id, title=article.title, summary=article.summary, text=article.text,
        published=article.published, publisher=article.publisher,
        url=article.canonical_url or article.url, original_source=article.original_source,
    )
