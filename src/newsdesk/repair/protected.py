"""URLs, e-mail addresses, handles, domain and file names, commands (``/blockdata``): spans
kept whole inside a run.

In clean text the spans are taken as the patterns find them. In text that clearly lost its
spaces, words glued to a span are cut off it: a sentence glued before an address
(``Contactthepressofficeatpress@x.org``), a host glued after ``www.`` starts
(``postedatwww.x.org``), and words glued after a top-level domain (``x.organdonexample.com``).
"""

from __future__ import annotations

import re

from newsdesk.repair.segment import split_run
from newsdesk.repair.words import Words

_TLD = r"(?:com|org|net|gov|edu|int|info|biz|io|co|uk|de|fr|eu|ru|ir|iq)"
_TLDS = ("info", "biz", "com", "org", "net", "gov", "edu", "int", "io", "co", "uk", "de")
_TLDS_MORE = ("fr", "eu", "ru", "ir", "iq")
# The look-behinds make each pattern start only where its characters start, which keeps the
# scan linear in long damaged runs instead of retrying from every letter.
_PROTECTED = re.compile(
    rf"(?:https?|ftp)://[^\s\"”)\]]+|www\.(?:[\w-]+\.)+{_TLD}(?:/[^\s\"”)\]]*)?"
    rf"|(?<![\w.+-])[\w.+-]+@(?:[\w-]+\.)+{_TLD}|[@#]\w+|(?<![\w-])(?:[\w-]+\.)+{_TLD}\b"
    r"|\babout:[\w-]+(?:#[\w-]+)?|(?<!\S)/[a-z][\w/-]*"
    r"|(?<![\w-])[\w-]+\.(?:pdf|docx?|xlsx?|csv|txt|jpe?g|png|gif|zip|html?|js|py|exe|mp[34])\b"
)
# Words that lead into an address or a link in running text ("at press@", "on example.com").
_LEAD_INS = frozenset(
    ["at", "on", "and", "or", "to", "from", "via", "in", "of", "for", "by", "with", "see"]
)
_LETTERS = re.compile(r"[A-Za-z]+")
_SENTENCE_END = re.compile(r"\.(?=[A-Z])")


def without_addresses(text: str) -> str:
    """``text`` with URLs, addresses, handles, hosts and file names blanked out."""
    return _PROTECTED.sub(" ", text)


def protected_spans(run: str, words: Words, damaged: bool) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` spans of ``run`` to keep whole."""
    spans: list[tuple[int, int]] = []
    position = 0
    # Searching the rest as a new string lets a host cut off a glued word start afresh.
    while (match := _PROTECTED.search(run[position:])) is not None:
        found = position + match.start()
        start, end = found, position + match.end()
        if "://" not in match.group():
            if "@" not in match.group():  # a host never has letters glued before "www."
                start += max(0, match.group().find("www."))
            if damaged and run[start] not in "@#":
                start, end = _trim(run, start, end, words)
        if start > found:  # what was cut off the front may hold spans of its own
            before = protected_spans(run[found:start], words, damaged)
            spans.extend((found + a, found + b) for a, b in before)
        if end > start:
            spans.append((start, end))
        position = max(end, found + 1)
    return spans


def _trim(run: str, start: int, end: int, words: Words) -> tuple[int, int]:
    text = run[start:end]
    if "@" in text:
        ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, text.index("@"))]
        if ends:
            start += ends[-1]
    start += _glued_lead_in(run, start, words)
    return start, _tld_end(run, start, end, words)


def _glued_lead_in(run: str, start: int, words: Words) -> int:
    """Length of the words glued before an address or host that starts at ``start``."""
    head = _LETTERS.match(run, start)
    if head is None or head.end() >= len(run) or run[head.end()] not in ".@":
        return 0
    split = split_run(head.group(), words, damaged=True)
    if split is None:
        return 0
    cut = 0
    length = 0
    for piece in split.pieces[:-1]:
        length += len(piece)
        if piece.lower() in _LEAD_INS:
            cut = length
    return cut


def _tld_end(run: str, start: int, end: int, words: Words) -> int:
    """End of the host when a word is glued right after its top-level domain."""
    for dot in range(start, end):
        if run[dot] != "." or dot == start:
            continue
        label = _LETTERS.match(run, dot + 1, end)
        if label is None:
            continue
        word = label.group()
        for tld in (*_TLDS, *_TLDS_MORE):
            rest = word[len(tld) :]
            if len(rest) < 2 or not word.startswith(tld):
                continue
            split = split_run(rest, words, damaged=True)
            first = split.pieces[0] if split else rest
            if first.lower() in _LEAD_INS:
                return dot + 1 + len(tld)
    return end
