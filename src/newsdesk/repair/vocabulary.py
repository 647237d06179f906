"""Words learned from clean stored articles, so names and jargon seen before are protected."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable, Iterator

from newsdesk.repair.errors import RepairError

# A token standing alone: letters (apostrophes and hyphens inside), punctuation around it.
_STANDING = re.compile(
    r"(?:^|(?<=[\s(\[\"“‘«]))([A-Za-zÀ-ÖØ-öø-ɏ]+(?:[-'’][A-Za-zÀ-ÖØ-öø-ɏ]+)*)"
    r"(?=$|[\s)\]\"”’».,;:?!])"
)
_PART = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]+")
_LOOKS_CLEAN = 0.02  # damage score at or below which a text is learned from


class Vocabulary:
    """Counts of words seen standing alone in clean text; keys are lower-case."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._version = 0

    @property
    def version(self) -> int:
        """Changes whenever the counts change (lets the segmenter cache safely)."""
        return self._version

    def learn(self, text: str, *, damage: float | None = None) -> Counter[str]:
        """Count the words standing alone in ``text``, if the text as a whole looks clean;
        returns what was added (for the store to persist). ``damage``: the text's damage
        score when the caller has it already (saves computing it again).

        Words the repair would confidently split (``thecabinet``) are never learned, so one
        glued pair in an otherwise clean article cannot protect itself later.
        """
        from newsdesk.repair.repairing import damage_score  # the scorer uses vocabularies
        from newsdesk.repair.segment import split_run

        if not isinstance(text, str):
            raise RepairError(f"Vocabulary.learn needs a str, got {type(text).__name__}.")
        added: Counter[str] = Counter()
        if (damage_score(text, self) if damage is None else damage) > _LOOKS_CLEAN:
            return added
        seen: Counter[str] = Counter()
        for match in _STANDING.finditer(text):
            seen.update(_PART.findall(match.group(1)))
        for part, number in seen.items():  # each distinct word is judged once
            known = self._counts.get(part.lower(), 0) > 0  # it passed this check before
            split = None if known else split_run(part, None)
            if split is None or not split.strong:
                added[part.lower()] += number
        if added:
            self._version += 1
            self._counts.update(added)
        return added

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._counts.get(word.lower(), 0) > 0

    def __len__(self) -> int:
        return len(self._counts)

    def count(self, word: str) -> int:
        """How often ``word`` (any case) was seen standing alone in clean text."""
        return self._counts.get(word.lower(), 0)

    def counts(self) -> Iterator[tuple[str, int]]:
        """Every (word, count) pair, for the store to persist."""
        return iter(self._counts.items())

    @classmethod
    def from_counts(cls, counts: Iterable[tuple[str, int]]) -> Vocabulary:
        """A vocabulary rebuilt from persisted ``counts()``."""
        vocabulary = cls()
        for word, number in counts:
            if not isinstance(word, str) or not isinstance(number, int) or number < 0:
                raise RepairError(f"Bad vocabulary entry {word!r}: {number!r}.")
            if number:
                vocabulary._counts[word.lower()] += number
        vocabulary._version += 1
        return vocabulary


def word_set(vocabulary: Container[str] | None) -> Container[str] | None:
    """A container of lower-case words for fast lookups: a ``Vocabulary``'s own keys (no
    per-lookup checks), or any other container as it is."""
    if isinstance(vocabulary, Vocabulary):
        return vocabulary._counts.keys()
    return vocabulary
