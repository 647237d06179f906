"""Search text normalisation: the one function applied to documents and queries alike.

Both sides go through `index_text`, so whatever is folded here matches either way: case,
Latin accents, Arabic/Persian letter variants, diacritics, tatweel, zero-width characters and
Persian/Arabic-Indic digits. The result is words separated by single spaces, which the index
splits on whitespace only, so the index and Python never disagree about word boundaries.
"""

from __future__ import annotations

import re
import unicodedata

MAX_TERM_CHARS = 40  # longer "words" are URLs, hashes or glued junk: not worth indexing
MAX_QUERY_TERMS = 32
MAX_QUERY_CHARS = 2_000

_LETTERS = {
    "ي": "ی",  # Arabic yeh -> Persian yeh
    "ى": "ی",  # alef maksura -> Persian yeh
    "ك": "ک",  # Arabic kaf -> Persian keheh
    "ة": "ه",  # teh marbuta -> heh (as Lucene's Arabic normaliser does)
    "ە": "ه",  # ae (what NFKD leaves of ۀ heh with yeh above) -> heh
    "ۀ": "ه",
    "ھ": "ه",  # heh doachashmee -> heh
    "ٱ": "ا",  # alef wasla -> alef
}
_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
_DROPPED = [
    *range(0x0300, 0x0370),  # Latin/Greek/Cyrillic combining accents (after NFKD)
    *range(0x064B, 0x0660),  # harakat, tanwin, shadda, sukun, hamza above/below, maddah
    0x0670, 0x0640,  # superscript alef, tatweel
    *range(0x06D6, 0x06EE),  # Quranic annotation marks
    0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD,  # zero-width characters, soft hyphen
]
_TABLE: dict[int, str | None] = (
    {ord(k): v for k, v in _LETTERS.items()} | _DIGITS | dict.fromkeys(_DROPPED)
)
# Word characters: Python's \w without "_", plus Indic blocks whose vowel signs are marks
# (not \w) and would otherwise split words in two.
_NON_WORD = re.compile(r"[^\w\u0900-\u0963\u0966-\u0DFF]+|_+")


# The same split for plain ASCII, done on bytes: about ten times faster on English articles.
_ASCII_SPACES = bytes(c if chr(c).isalnum() and c < 128 else 32 for c in range(256))


def index_text(text: str) -> str:
    """``text`` folded for search: lower case, variants unified, words joined by one space."""
    if text.isascii():
        raw = text.lower().encode("ascii").translate(_ASCII_SPACES).split()
        return b" ".join(w for w in raw if len(w) <= MAX_TERM_CHARS).decode("ascii")
    folded = unicodedata.normalize("NFKD", text.casefold()).translate(_TABLE)
    words = _NON_WORD.sub(" ", unicodedata.normalize("NFC", folded)).split()
    return " ".join(w for w in words if len(w) <= MAX_TERM_CHARS)


def query_terms(query: str) -> list[str]:
    """The distinct words of a user's query, folded like documents, in order, capped in number."""
    terms: list[str] = []
    for word in index_text(query[:MAX_QUERY_CHARS]).split():
        if word not in terms:
            terms.append(word)
        if len(terms) == MAX_QUERY_TERMS:
            break
    return terms
