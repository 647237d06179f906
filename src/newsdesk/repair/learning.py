"""The learned vocabulary: words seen standing alone in clean stored articles, so names and
jargon seen before are protected from splitting and help split damage around them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable

from newsdesk.repair.errors import RepairError
from newsdesk.repair.language import identify
from newsdesk.repair.lexicon import lexicon
from newsdesk.repair.punctuation import LETTERS
from newsdesk.repair.repairing import damage_score
from newsdesk.repair.segment import split_run
from newsdesk.repair.vocabulary import WordCounts
from newsdesk.repair.words import Words

# A token standing alone: letters (apostrophes and hyphens inside), punctuation around it.
_STANDING = re.compile(
    rf"(?:^|(?<=[\s(\[\"“‘«„]))({LETTERS}(?:[-'’]{LETTERS})*)(?=$|[\s)\]\"”’».,;:?!،؛؟])"
)
_PART = re.compile(LETTERS)
_LOOKS_CLEAN = 0.02  # damage score at or below which a text is learned from


class Vocabulary(WordCounts):
    """Counts of words seen standing alone in clean text; keys are lower-case."""

    def learn(self, text: str, *, damage: float | None = None) -> Counter[str]:
        """Count the words standing alone in ``text``, if the text as a whole looks clean;
        returns what was added (for the store to persist). ``damage``: the text's damage
        score when the caller has it already (saves computing it again).

        Words the repair would confidently split (``thecabinet``) are never learned, so one
        glued pair in an otherwise clean article cannot protect itself later.
        """
        if not isinstance(text, str):
            raise RepairError(f"Vocabulary.learn needs a str, got {type(text).__name__}.")
        added = words_worth_learning(
            text, damage_score(text, self) if damage is None else damage, known=self)
        self.add(added)
        return added


def words_worth_learning(
    text: str, damage: float, known: Container[str] | None = None
) -> Counter[str]:
    """`words_to_learn` of ``text`` when its damage score says it is clean enough to learn
    from; else none."""
    return Counter() if damage > _LOOKS_CLEAN else words_to_learn(text, known)


def words_to_learn(text: str, known: Container[str] | None = None) -> Counter[str]:
    """The words standing alone in ``text`` (a clean text) that a vocabulary should count,
    lower-cased: all but those the repair would confidently split. ``known``: words that
    passed this check before, not checked again (they would pass again: the check reads the
    language's lexicon only)."""
    seen = Counter(_standing(text))
    for token in [token for token in seen if not token.isalpha()]:  # "well-known", "O'Neil"
        number = seen.pop(token)
        for part in _PART.findall(token):
            seen[part] += number
    language = identify(text).code
    words = lexicon(language) if language else None
    keys = [part.lower() for part in seen]
    unknown = _unknown(seen, keys, known)
    added: dict[str, int] = {}
    for (part, number), key in zip(seen.items(), keys, strict=True):  # each word judged once
        if key in unknown and words is not None:
            split = split_run(part, Words(words))
            if split is not None and any(split.sureness):
                continue
        added[key] = added.get(key, 0) + number
    return Counter(added)


def _standing(text: str) -> list[str]:
    """``_STANDING``'s matches in ``text``, in order. A match never holds whitespace and
    ``str.split`` splits where ``\\s`` matches, so each whitespace-free run is matched on its
    own; one of letters only is a match whole (most runs: ~2x quicker than the regex over the
    whole text)."""
    found: list[str] = []
    for run in text.split():
        if run.isalpha():
            found.append(run)
        else:
            found.extend(_STANDING.findall(run))
    return found


def _unknown(parts: Iterable[str], keys: list[str], known: Container[str] | None) -> set[str]:
    """The ``keys`` (``parts`` lower-cased) that ``known`` has not seen."""
    if known is None:
        return set(keys)
    if isinstance(known, WordCounts):
        return known.unknown(keys)
    return {key for part, key in zip(parts, keys, strict=True) if part not in known}
