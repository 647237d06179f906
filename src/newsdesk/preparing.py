"""What one extracted article goes through before it is stored, as one call a stage-pool
worker can run: repair, the words it teaches, and its signature for grouping.

All three are CPU work on plain records; run in a worker, they leave the main process to
fetch, store and group. The learned vocabulary comes along as a ``shared_words`` file (the
worker keeps a copy in step), the site's known boilerplate as a frozen snapshot.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from newsdesk import repair, stories
from newsdesk.records import Article
from newsdesk.shared_words import WordsFile, words_of


@dataclass(frozen=True, slots=True)
class Prepared:
    article: Article  # repaired
    words: Counter[str]  # to learn from it (none when it is not clean enough)
    signature: stories.Signature | None  # None: not signed here (``sign`` False)
    cpu: dict[str, float]  # CPU seconds by stage: repair, learn, sign


def prepare_article(
    article: Article, words: WordsFile | None, boilerplate: stories.Boilerplate | None,
    *, repair_text: bool = True, sign: bool = True,
) -> Prepared:
    """``article`` (extracted, credited) repaired, its words to learn counted and signed.
    ``repair_text`` False keeps the text as extracted (too long to repair in time); ``sign``
    False leaves signing to the caller."""
    vocabulary = words_of(words) if words else None
    cpu: dict[str, float] = {}
    started = time.thread_time()
    if repair_text:
        article = repair.repair_article(article, vocabulary)
    cpu["repair"], started = _lap(started)
    learnt = repair.words_worth_learning(article.text, article.damage_after, vocabulary)
    cpu["learn"], started = _lap(started)
    signature = stories.sign(stories.StoryCandidate.of(0, article), boilerplate) if sign else None
    cpu["sign"], _ = _lap(started)
    return Prepared(article, learnt, signature, cpu)


def _lap(started: float) -> tuple[float, float]:
    now = time.thread_time()
    return now - started, now
