"""Damage the way republishing pipelines do: spaces lost, letters dropped or doubled, and the
zero-width non-joiners of Persian stripped. Every function is deterministic for a seed."""

from __future__ import annotations

import random
import re

ZWNJ = "\u200c"
_WORD = re.compile(r"[^\W\d_]{4,}")


def remove_spaces(text: str, probability: float, seed: int) -> str:
    """``text`` with each space deleted with ``probability``."""
    rng = random.Random(seed)
    return "".join("" if c == " " and rng.random() < probability else c for c in text)


def drop_or_double_letters(text: str, share: float, seed: int) -> str:
    """``text`` with one inner letter dropped or doubled in ``share`` of its words of four
    letters or more."""
    rng = random.Random(seed)

    def hurt(match: re.Match[str]) -> str:
        word = match.group()
        if rng.random() >= share:
            return word
        at = rng.randrange(1, len(word) - 1)
        if rng.random() < 0.5:
            return word[:at] + word[at + 1 :]
        return word[: at + 1] + word[at] + word[at + 1 :]

    return _WORD.sub(hurt, text)


def strip_joiners(text: str) -> str:
    """``text`` without its zero-width non-joiners (``می‌شود`` becomes ``میشود``)."""
    return text.replace(ZWNJ, "")
