"""Synthetic news for the search benchmark: deterministic, Zipf-like English plus invented names.

Words are drawn by their real frequency (wordfreq's top 20,000 English words), so "the" is in
nearly every article and rank-15,000 words in a few hundred per million, as in real news.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import wordfreq

VOCABULARY_SIZE = 20_000
LANGUAGES = ("en", "en", "en", "fr", "es")  # filters see a realistic skew
SOURCES = 40
_START = datetime(2024, 1, 1, tzinfo=UTC)
_SYLLABLES = ("ka", "lo", "mir", "ven", "dar", "sel", "tho", "rin", "bel", "quo", "zan", "fey",
              "mor", "ush", "pel", "gri", "nak", "tov", "els", "ari")


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    number: int
    title: str
    summary: str
    text: str
    language: str
    source: int  # 1..SOURCES
    published: datetime


def vocabulary() -> tuple[list[str], list[float]]:
    """Words by rank and cumulative weights for `random.choices`."""
    words = wordfreq.top_n_list("en", VOCABULARY_SIZE)
    weights = [wordfreq.word_frequency(w, "en") for w in words]
    return words, list(itertools.accumulate(weights))


def invented_names(count: int = 3_000, seed: int = 7) -> list[str]:
    """Surnames that exist in no dictionary (so a name query measures a rare-ish term)."""
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).title())
    return sorted(names)


def generate(count: int, seed: int = 20_261_128, chunk: int = 5_000,
             ) -> Iterator[list[SyntheticArticle]]:
    """``count`` articles in chunks, the same every run for the same ``seed``."""
    rng = random.Random(seed)
    words, cumulative = vocabulary()
    names = invented_names()
    # Names are Zipf too: a few people are in the news every day.
    name_weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(names))))
    for start in range(0, count, chunk):
        size = min(chunk, count - start)
        lengths = [(rng.randint(6, 12), rng.randint(18, 30), rng.randint(120, 280))
                   for _ in range(size)]
        pool = iter(rng.choices(words, cum_weights=cumulative, k=sum(map(sum, lengths))))
        batch = []
        for offset, (t, s, b) in enumerate(lengths):
            number = start + offset
            people = rng.choices(names, cum_weights=name_weights, k=3)
            title = _sentence(pool, t, people[0] if rng.random() < 0.5 else None)
            summary = _sentence(pool, s, people[1])
            text = _paragraphs(pool, b, people, rng)
            batch.append(SyntheticArticle(
                number, title, summary, text, rng.choice(LANGUAGES), rng.randint(1, SOURCES),
                _START + timedelta(minutes=number)))
        yield batch


def _sentence(pool: Iterator[str], length: int, name: str | None) -> str:
    taken = list(itertools.islice(pool, length))
    if name:
        taken.insert(len(taken) // 2, name)
    return " ".join(taken).capitalize() + "."


def _paragraphs(pool: Iterator[str], length: int, people: list[str], rng: random.Random) -> str:
    sentences, left = [], length
    while left > 0:
        size = min(left, rng.randint(8, 22))
        sentences.append(_sentence(pool, size, rng.choice(people) if rng.random() < 0.3 else None))
        left -= size
    return "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))
