"""Word costs from a real frequency model (wordfreq), built once and cached.

A word's cost is ``-log10`` of its frequency in English text, so ``the`` costs about 1.3 and
a word seen once in a hundred million about 8. Segmentation adds costs, so a split is a
product of word probabilities.
"""

from __future__ import annotations

import functools
import math
import re

# Below this Zipf value wordfreq's list holds mostly noise, including glued pairs ("thenew").
_MIN_ZIPF = 1.0
# Common enough that a token spelled like this is taken as written, never split.
COMMON_ZIPF = 4.0
_WORD = re.compile(r"[a-zà-öø-ɏ]+(?:'[a-z]+)?")


@functools.cache
def word_costs() -> dict[str, float]:
    """Lower-case English word -> cost (``9 - zipf``); loaded lazily, once per process."""
    import wordfreq  # imported here so importing newsdesk.repair stays cheap

    floor = 10.0 ** (_MIN_ZIPF - 9.0)
    return {
        word: -math.log10(freq)
        for word, freq in wordfreq.get_frequency_dict("en").items()
        if freq >= floor and _WORD.fullmatch(word)
    }


@functools.cache
def common_words() -> frozenset[str]:
    """Lower-case words frequent enough (Zipf >= 4) to be accepted as written."""
    limit = 9.0 - COMMON_ZIPF
    return frozenset(word for word, cost in word_costs().items() if cost <= limit)


def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word from the cached table (0 when unknown)."""
    cost = word_costs().get(word)
    return 0.0 if cost is None else 9.0 - cost
