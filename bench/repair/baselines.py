"""The two libraries newsdesk is measured against: wordninja and wordsegment.

Both split a run of letters into words with a unigram model (wordsegment adds bigrams). Both
ship an English model only, and both keep only ASCII letters (others are dropped or act as
separators), so:

* ``wordsegment`` runs its shipped English model on every stretch of ASCII letters;
* ``wordninja`` runs its shipped English model on English text, and for any other language the
  same algorithm with that language's wordfreq word list (300,000 words, by frequency) on
  every stretch of letters of any script — the fairest form of it we can give a language it
  does not ship.

Each is applied to every whitespace-delimited run and the pieces rejoined with spaces; neither
can restore a space after punctuation or a zero-width non-joiner.
"""

from __future__ import annotations

import functools
import gzip
import re
from collections.abc import Callable
from pathlib import Path

Repair = Callable[[str], str]
_ASCII = re.compile(r"[A-Za-z]+")
_LETTERS = re.compile(r"[^\W\d_]+")


def _per_run(split: Callable[[str], list[str]], letters: re.Pattern[str]) -> Repair:
    def fix_run(run: str) -> str:
        return letters.sub(lambda m: " ".join(split(m.group())) or m.group(), run)

    return lambda text: " ".join(fix_run(run) for run in text.split(" "))


def _keep_letters(word: str, pieces: list[str]) -> list[str]:
    """Put the original letters back piece by piece (the libraries lower-case)."""
    out, position = [], 0
    for piece in pieces:
        out.append(word[position : position + len(piece)])
        position += len(piece)
    return out if position == len(word) else [word]


@functools.cache
def _segmenter():  # type: ignore[no-untyped-def]
    import wordsegment

    wordsegment.load()
    return wordsegment


def wordsegment_repair() -> Repair:
    segmenter = _segmenter()
    return _per_run(lambda w: _keep_letters(w, segmenter.segment(w)), _ASCII)


@functools.cache
def _ninja(language: str, cache: Path):  # type: ignore[no-untyped-def]
    import wordninja

    if language == "en":
        return wordninja.DEFAULT_LANGUAGE_MODEL
    import wordfreq

    path = cache / f"wordninja-{language}.txt.gz"
    if not path.exists():
        words = [w for w in wordfreq.top_n_list(language, 300_000) if _LETTERS.fullmatch(w)]
        cache.mkdir(parents=True, exist_ok=True)
        with gzip.open(path, "wt", encoding="utf-8") as out:
            out.write("\n".join(words))
    return wordninja.LanguageModel(str(path))


def wordninja_repair(language: str, cache: Path) -> Repair:
    model = _ninja(language, cache)
    if language == "en":
        return _per_run(model.split, _ASCII)

    def split(word: str) -> list[str]:
        # wordninja's own splitter drops every non-ASCII letter; hand it one stretch of
        # letters at a time and run its search directly.
        return _keep_letters(word, list(model._split(word)))

    return _per_run(split, _LETTERS)
