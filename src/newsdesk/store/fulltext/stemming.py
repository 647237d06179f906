"""Stemming per language with the Snowball stemmers tantivy ships, so "harbours" finds
"harbour" and "المدارس" finds "مدرسة".

A document is stemmed by its own language after folding (`normalize`); a language without a
stemmer (Persian among them) keeps its folded words. The Arabic stemmer reads Arabic letters:
folded words get back ي, ك and, at a word's end, ة (its suffixes hold them; ة and the pronoun
ه are both stripped, so either spelling reaches one stem), and the stems are folded again.
A query's language is unknown, so each query word is tried as itself and as stemmed by
every stemming language the index holds that writes in the word's script: a few
alternatives at most, usually one.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import tantivy

from newsdesk.store.fulltext.normalize import index_text, query_terms

# ISO 639-1 → tantivy's stemmer name (Snowball, through rust-stemmers).
STEMMERS = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english",
    "es": "spanish", "fi": "finnish", "fr": "french", "hu": "hungarian", "it": "italian",
    "nb": "norwegian", "nl": "dutch", "nn": "norwegian", "no": "norwegian", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}
_SCRIPTS = {"ar": "arabic", "el": "greek", "ru": "cyrillic", "ta": "tamil"}  # others: latin
_TO_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})
_FINAL_HEH = re.compile(r"ه(?= |$)")
_FOLD_AGAIN = str.maketrans({"ي": "ی", "ك": "ک", "ة": "ه", "ى": "ی"})


def stemming_language(language: str | None) -> str | None:
    """The ISO code whose stemmer applies to text in ``language``; None when there is none."""
    code = (language or "").split("-")[0].split("_")[0].strip().lower()
    return code if code in STEMMERS else None


def search_text(text: str, language: str | None) -> str:
    """``text`` as the index holds it: folded words, stemmed by ``language`` if it can be."""
    return stem_words(index_text(text), stemming_language(language))


def stem_words(folded: str, code: str | None) -> str:
    """Folded words stemmed by the stemmer of ``code`` (a `STEMMERS` key); as they are
    without one."""
    if code is None or not folded:
        return folded
    if code == "ar":
        arabic = _FINAL_HEH.sub("ة", folded.translate(_TO_ARABIC))
        return " ".join(_analyzer(code).analyze(arabic)).translate(_FOLD_AGAIN)
    return " ".join(_analyzer(code).analyze(folded))


def query_alternatives(query: str, languages: frozenset[str]) -> list[list[str]]:
    """For each distinct word of ``query`` (as `query_terms` reads it), the forms it may have
    in the index: the folded word and its stem in each of ``languages`` (stemming codes)
    written in the word's script."""
    found = []
    for word in query_terms(query):
        forms = [word]
        script = script_of(word)
        for code in sorted(languages):
            if _SCRIPTS.get(code, "latin") == script:
                stem = stem_words(word, code) or word
                if stem not in forms:
                    forms.append(stem)
        found.append(forms)
    return found


def script_of(word: str) -> str:
    for char in word:
        if char.isdigit():
            continue
        name = unicodedata.name(char, "")
        for script in ("ARABIC", "GREEK", "CYRILLIC", "TAMIL"):
            if name.startswith(script):
                return script.lower()
        return "latin" if name.startswith("LATIN") else "other"
    return "other"


@functools.cache
def _analyzer(code: str) -> tantivy.TextAnalyzer:
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
            .filter(tantivy.Filter.stemmer(STEMMERS[code])).build())
