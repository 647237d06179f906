"""The learned vocabulary: words seen standing alone in clean stored articles, so names and
jargon seen before are protected from splitting and help split damage around them."""

from __future__ import annotations

import re
from collections import Counter

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
        added: Counter[str] = Counter()
        if (damage_score(text, self) if damage is None else damage) > _LOOKS_CLEAN:
            return added
        seen = Counter(_STANDING.findall(text))
        for token in [token for token in seen if not token.isalpha()]:  # "well-known", "O'Neil"
            number = seen.pop(token)
            for part in _PART.findall(token):
                seen[part] += number
        language = identify(text).code
        words = lexicon(language) if language else None
        for part, number in seen.items():  # each distinct word is judged once
            known = self.count(part) > 0  # it passed this check before
            split = None if known or words is None else split_run(part, Words(words))
            if split is None or not any(split.sureness):
                added[part.lower()] += number
        self.add(added)
        return added
