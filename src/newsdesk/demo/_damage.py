"""The Lantern's broken copy-paste: lost spaces and dropped letters, the same on every run.

Real republishers mangle agency text when their CMS strips line breaks and non-breaking
spaces. The demo reproduces that so the repair stage has something to fix. Damage is seeded by
the story, never by the request, so every fetch of a page returns the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

_GLUE_RUN = (3, 6)  # how many words lose the spaces between them
_SENTENCE_GLUE_CHANCE = 0.35  # "reforms. Meanwhile," -> "reforms.Meanwhile,"
_LATER_RUN_CHANCE = 0.4
_DROP_LETTER_CHANCE = 0.3


def damage_paragraphs(paragraphs: Sequence[str], *, seed: str) -> tuple[str, ...]:
    """Return ``paragraphs`` with spaces deleted and a few letters dropped.

    Subheadings (``## ...``) are left alone. The first text paragraph always gets a run of
    glued words, so every damaged copy visibly differs from its original.
    """
    rng = random.Random(f"lantern-copy:{seed}")
    out: list[str] = []
    first = True
    for paragraph in paragraphs:
        if paragraph.startswith("## "):
            out.append(paragraph)
            continue
        out.append(_damage(paragraph, rng, force_run=first))
        first = False
    return tuple(out)


def _damage(paragraph: str, rng: random.Random, *, force_run: bool) -> str:
    words = paragraph.split(" ")
    if len(words) < 8:
        return paragraph
    if rng.random() < _DROP_LETTER_CHANCE:
        _drop_letter(words, rng)
    if force_run or rng.random() < _LATER_RUN_CHANCE:
        words = _glue_run(words, rng)
    return " ".join(_glue_sentences(words, rng))


def _glue_run(words: list[str], rng: random.Random) -> list[str]:
    """Join a run of plain words (no punctuation inside the run) into one token."""
    size = rng.randint(*_GLUE_RUN)
    starts = [
        i
        for i in range(len(words) - size + 1)
        if all(w.isalpha() for w in words[i : i + size - 1]) and words[i + size - 1][:1].isalpha()
    ]
    if not starts:
        return words
    i = rng.choice(starts)
    return [*words[:i], "".join(words[i : i + size]), *words[i + size :]]


def _glue_sentences(words: list[str], rng: random.Random) -> list[str]:
    """Drop some spaces after full stops and commas."""
    out: list[str] = []
    for word in words:
        glue = out and out[-1][-1:] in ".," and word[:1].isalpha()
        if glue and rng.random() < _SENTENCE_GLUE_CHANCE:
            out[-1] += word
        else:
            out.append(word)
    return out


def _drop_letter(words: list[str], rng: random.Random) -> None:
    candidates = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
    if candidates:
        i = rng.choice(candidates)
        cut = rng.randrange(2, len(words[i]) - 2)
        words[i] = words[i][:cut] + words[i][cut + 1 :]
