"""What the repair knows of a paragraph's words: its language's lexicon, the learned words,
and what a lost space costs there."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Container
from dataclasses import dataclass

from newsdesk.repair.lexicon import Lexicon

GAP_COST = 1.0  # -log10 of the chance that a space was lost, in text not known to be damaged
_MIN_GAP_COST = 0.2  # even in text that lost nearly every space, fewer words is likelier


@dataclass(frozen=True, slots=True)
class Words:
    """A paragraph's lexicon and learned words, and the cost of each extra word in a split:
    ``-log10`` of the chance that a space was lost there (1.0 = one space in ten)."""

    lexicon: Lexicon
    learned: Container[str] | None = None
    gap_cost: float = GAP_COST

    def known(self, word: str, min_zipf: float = 3.0) -> bool:
        if self.lexicon.zipf(word) >= min_zipf:
            return True
        return self.learned is not None and word.lower() in self.learned

    def damaged(self, lost: float) -> Words:
        """These words in text that lost a share ``lost`` of its spaces."""
        cost = -math.log10(max(lost, 1e-9))
        cost = round(min(GAP_COST, max(_MIN_GAP_COST, cost)), 1)  # rounded: splits are cached
        return dataclasses.replace(self, gap_cost=cost)
