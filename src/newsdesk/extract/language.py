"""Decide a page's language: what it declares, else a hint, else a cheap script guess."""

from __future__ import annotations

import re

_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$")
_PERSIAN_LETTERS = frozenset("پچژگیک")
_SAMPLE_CHARS = 4000  # enough letters to judge a script; keeps the guess cheap


def normalise_code(value: str | None) -> str | None:
    """"en-US", "fa_IR", " AR " -> "en", "fa", "ar"; None for anything that is not a code."""
    if not value:
        return None
    match = _CODE.match(value.strip().lower())
    return match.group(1) if match else None


def decide_language(declared: list[str | None], hint: str | None, text: str) -> str | None:
    """The first declared code that parses, else the hint, else a guess from the script."""
    for value in [*declared, hint]:
        code = normalise_code(value)
        if code:
            return code
    return guess_by_script(text)


def guess_by_script(text: str) -> str | None:
    """Arabic script with Persian letters -> "fa", other Arabic script -> "ar",
    mostly Latin -> "en", else None (too little to say)."""
    arabic = latin = letters = 0
    persian = False
    for char in text[:_SAMPLE_CHARS]:
        if not char.isalpha():
            continue
        letters += 1
        if "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f":
            arabic += 1
            persian = persian or char in _PERSIAN_LETTERS
        elif char < "\u0250":
            latin += 1
    if letters == 0:
        return None
    if arabic / letters > 0.5:
        return "fa" if persian else "ar"
    if latin / letters > 0.8:
        return "en"
    return None
