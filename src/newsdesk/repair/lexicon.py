"""Each language's vocabulary and word costs, from a real frequency model (wordfreq).

A word's cost is ``-log10`` of its frequency in that language, so English ``the`` costs about
1.3 and a word seen once in a hundred million about 8. Segmentation adds costs, so a split is
a product of word probabilities. Lexicons load lazily, once per language and process, and
are let go when unused for a while (``IDLE_S``). A lexicon's words and costs are a word
table (``word_table``): 6-15 MiB in a process where dicts of them took 12-141 (English's
300,000 words: 9 against 60), read from the cache in a few hundredths of a second.

This is the bottom floor of ``newsdesk.repair``: it imports nothing else from the package
but ``cache_files`` and ``word_table``.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.repair import word_table
from newsdesk.repair.cache_files import cached, digest
from newsdesk.repair.word_table import WordTable

INF = float("inf")
LONGEST = 16  # letters; longer words (German compounds) are looked up apart
# Below this Zipf value wordfreq's lists hold mostly noise, including glued pairs ("thenew").
_MIN_ZIPF = 1.0
COMMON_ZIPF = 4.0  # common enough that a token spelled like this is taken as written
FUNCTION_ZIPF = 5.5  # the, of, und, de, در ...: the words whose gluing is the surest damage
_RARE_COST = 9.0 - 2.5  # entries rarer than Zipf 2.5, see _piece_cost
_JOINED_COST = 0.6  # a Persian word written without its non-joiner is a little less likely
ZWNJ = "\u200c"
_NEWS_LENGTH = 1.15  # news words are longer than the frequency lists' average, see _mean_length
# Languages repaired: those wordfreq splits with its regular tokenizer, in an alphabet this
# package handles. Vietnamese (a word per syllable), Urdu and Hebrew are left alone: they
# have not been measured here.
_SCRIPTS = {"Latn": "latin", "Cyrl": "cyrillic", "Grek": "greek", "Arab": "arabic"}
_LEFT_ALONE = frozenset(["vi", "ur", "he"])
_ENTRY = re.compile(r"[^\W\d_]+(?:['’\u200c][^\W\d_]+)*")
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # Arabic vowel marks and the tatweel
# One-letter words that may stand between others in a split (the rest are fragments).
_ONE_LETTER = {
    "en": "ai", "fr": "aày", "es": "aeouy", "it": "aeèio", "pt": "aeoéà", "ca": "aio",
    "nl": "u", "sv": "i", "nb": "iå", "da": "i", "is": "íá", "pl": "aiouwz",
    "cs": "aikosuvz", "sk": "aikosuvz", "sl": "aikosvz", "ru": "авикосуя", "uk": "авіійзоу",
    "bg": "аисв", "tr": "o", "fa": "و",
}  # fmt: skip
# Two-letter entries frequent enough to pass but not words that stand alone in news copy.
_NOT_SHORT_WORDS = frozenset(
    ["dr", "mr", "st", "km", "tv", "ok", "ii", "co", "re", "oh", "mm", "ns", "sm", "rp", "yg",
     "kt", "nr", "cm", "kr", "tl", "rf", "pt", "ca"]
)  # fmt: skip
# Persian suffixes (plural, possessive, comparative) that writers without a non-joiner often
# set apart, so the frequency list counts them as words; in a split they never stand alone.
_BOUND = {
    "fa": frozenset(
        ["ها", "های", "هاي", "هایی", "هايي", "هایش", "هايش", "هایم", "هایت", "هایمان",
         "هایتان", "هایشان", "هايشان", "شان", "مان", "تان", "ام", "ات", "اش", "ای", "اي",
         "ترین", "ترين", "تر", "ان", "انی", "اند", "ایم", "اید", "یم", "ید", "ند", "یی", "ئی"]
    ),
}  # fmt: skip
# Where the frequency lists' short entries include suffixes and clitics written joined
# (Persian ها, Arabic ال), the words that stand alone are listed by hand.
_CURATED_SHORT = {
    "en": frozenset(
        ["a", "i", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it",
         "me", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we", "am"]
    ),
    "fa": frozenset(
        ["و", "به", "در", "از", "که", "با", "را", "تا", "هم", "یا", "بر", "هر", "چه", "نه",
         "دو", "پس", "او", "آن", "من", "تو", "ما", "شد", "سه", "وی", "كه", "اگر", "این"]
    ),
    "ar": frozenset(
        ["في", "من", "عن", "مع", "أن", "إن", "لا", "ما", "لم", "لن", "قد", "هو", "هي", "أو",
         "ثم", "بل", "كل", "له", "به", "لي", "لك", "هل", "إذ", "يا", "تم", "فى"]
    ),
}  # fmt: skip


# one per language: compared by identity; weak references let caches follow it out
@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class Lexicon:
    """One language's words: cost as a piece, by key (see ``key``)."""

    code: str
    script: str
    costs: WordTable = field(repr=False)
    short: frozenset[str] = field(repr=False)  # 1–2 letter words allowed as pieces
    mean_length: float  # letters per word in running text
    longest: int  # letters in its longest word (past LONGEST: German compounds)
    alphabet: str = ""  # the letters of its common words
    bound: frozenset[str] = frozenset()  # suffixes the lists know as words, never apart

    @property
    def cased(self) -> bool:
        return self.script != "arabic"

    def key(self, word: str) -> str:
        """How ``word`` is looked up: case-folded as wordfreq folds it (ß -> ss); Arabic
        vowel marks dropped."""
        if self.script == "arabic":
            return _MARKS.sub("", word)
        return word.lower() if word.isascii() else word.casefold()

    def cost(self, key: str) -> float:
        return self.costs.get(key, INF)

    def zipf(self, word: str) -> float:
        """Zipf frequency of ``word`` (0 when unknown)."""
        cost = self.costs.get(self.key(word))
        return 0.0 if cost is None else 9.0 - cost

    def knows(self, word: str, min_zipf: float = COMMON_ZIPF) -> bool:
        return self.zipf(word) >= min_zipf


@functools.cache
def script_of_language(code: str) -> str | None:
    """The script language ``code`` is repaired in ("latin", "arabic" ...); None when it has
    no lexicon."""
    return None if code in _LEFT_ALONE else wordfreq_languages().get(code)


@functools.cache
def wordfreq_languages() -> dict[str, str | None]:
    """wordfreq's languages, each with the script its words are split in (None: not by a
    regular tokenizer, or in an alphabet this package does not handle). Read from wordfreq's
    language table once per machine and kept in the cache: importing wordfreq to ask would
    cost every process that repairs ~4 MiB (its language tables and their packages)."""
    from importlib.metadata import version

    name = f"languages-{digest(version('wordfreq'), json.dumps(_SCRIPTS, sort_keys=True))}"
    return cached(name, _read_languages, _languages_of_wordfreq, _write_languages,
                  replaces="languages-")


def _languages_of_wordfreq() -> dict[str, str | None]:
    import wordfreq
    from wordfreq.language_info import get_language_info

    found: dict[str, str | None] = {}
    for code in sorted(wordfreq.available_languages()):
        info = get_language_info(code)
        found[code] = _SCRIPTS.get(info["script"]) if info["tokenizer"] == "regex" else None
    return found


_LANGUAGES = "languages.json"


def _write_languages(found: dict[str, str | None], directory: Path) -> None:
    (directory / _LANGUAGES).write_text(json.dumps(found, sort_keys=True), "utf-8")


def _read_languages(directory: Path) -> dict[str, str | None]:
    found = json.loads((directory / _LANGUAGES).read_text("utf-8"))
    if not (isinstance(found, dict) and found and all(
            isinstance(code, str) and (script is None or script in _SCRIPTS.values())
            for code, script in found.items())):
        raise ValueError("the cached language table is not one")
    return found


# A word list unused this long is let go (6-15 MiB), and read back from the cache (~0.05 s)
# when a text needs it again: far longer than a poll's gaps between two texts of one language.
IDLE_S = 900.0
_CHECK_EVERY_S = 60.0
_clock = time.monotonic
_held: dict[str, tuple[Lexicon, float]] = {}  # code -> (lexicon, when last asked for)
_held_lock = threading.Lock()
_last_check = _clock()
_when_let_go: list[Callable[[], None]] = []


def lexicon(code: str) -> Lexicon | None:
    """The lexicon of language ``code`` (a wordfreq code), or None when it has none. Built
    from wordfreq's lists once per machine (0.2-2 s of CPU a language) and read from the
    cache after (see ``cache_files``); kept in this process until unused for ``IDLE_S``."""
    now = _clock()
    with _held_lock:
        if now - _last_check > _CHECK_EVERY_S:
            _let_go_idle(now)
        found = _held.get(code)
        if found is not None:
            _held[code] = (found[0], now)
            return found[0]
    made = _loaded(code)  # outside the lock: loading takes a while
    if made is not None:
        with _held_lock:
            made = _held.setdefault(code, (made, now))[0]  # another thread may have won
    return made


def held_lexicons() -> list[str]:
    """The languages whose lexicon this process holds now."""
    with _held_lock:
        return sorted(_held)


def when_let_go(hook: Callable[[], None]) -> None:
    """Call ``hook`` whenever lexicons are let go (caches holding them forget them)."""
    _when_let_go.append(hook)


def _let_go_idle(now: float) -> None:
    global _last_check
    _last_check = now
    idle = [code for code, (_, used) in _held.items() if now - used > IDLE_S]
    for code in idle:
        del _held[code]
    if idle:
        for hook in _when_let_go:
            hook()


def _loaded(code: str) -> Lexicon | None:
    script = script_of_language(code)
    if script is None:
        return None
    from importlib.metadata import version

    # a new wordfreq or marisa-trie, or any change to how this module builds a lexicon or
    # word_table stores one, builds it afresh
    sources = [Path(path).read_bytes() for path in (__file__, word_table.__file__ or "")]
    name = f"lexicon-{code}-{digest(version('wordfreq'), version('marisa-trie'), *sources)}"
    return cached(name, functools.partial(_read, code), lambda: _built(code, script), _write,
                  replaces=f"lexicon-{code}-")


def _built(code: str, script: str) -> Lexicon:
    import wordfreq  # imported here so importing newsdesk.repair stays cheap

    costs: dict[str, float] = {}
    shared: dict[float, float] = {}  # a few hundred distinct costs: one float object each
    # wordfreq's list holds words in buckets a centibel apart (bucket i: frequency 10^-i/100);
    # reading it rather than its frequency dict keeps no second copy of the list in memory.
    # (wordfreq caches the list it reads for the life of the process: __wrapped__ reads it
    # uncached, so the words below _MIN_ZIPF are freed once the lexicon is built.)
    for bucket, words in enumerate(wordfreq.get_frequency_list.__wrapped__(code)):
        raw = bucket / 100.0
        if raw > 9.0 - _MIN_ZIPF:
            break
        for word in words:
            if word.isalpha() or _ENTRY.fullmatch(word):
                cost = _piece_cost(word, raw)
                if cost < INF:
                    costs.setdefault(word, shared.setdefault(cost, cost))
    if code == "de":  # wordfreq folds ß to ss; pieces of a run are only lower-cased
        costs.update({w.replace("ss", "ß"): c for w, c in costs.items() if "ss" in w})
    if code == "fa":  # words whose non-joiner was lost are still words (تازهای)
        for word, cost in [(w, c) for w, c in costs.items() if ZWNJ in w]:
            costs.setdefault(word.replace(ZWNJ, ""), cost + _JOINED_COST)
    return Lexicon(
        code,
        script,
        WordTable.of(costs, "d"),
        _short_words(code, costs),
        _mean_length(costs),
        max(map(len, costs), default=0),
        _alphabet(costs),
        _BOUND.get(code, frozenset()),
    )


# A cached lexicon: its words and costs (a word table) and the small parts.
_WORDS, _META = "words", "meta.json"


def _write(found: Lexicon, directory: Path) -> None:
    """``found`` as a word table and text."""
    found.costs.save(directory, _WORDS)
    meta = {"code": found.code, "script": found.script, "short": sorted(found.short),
            "mean_length": found.mean_length, "longest": found.longest,
            "alphabet": found.alphabet}
    (directory / _META).write_text(json.dumps(meta, ensure_ascii=False), "utf-8")


def _read(code: str, directory: Path) -> Lexicon:
    meta = json.loads((directory / _META).read_text("utf-8"))
    if meta["code"] != code:
        raise ValueError(f"the cached lexicon is {meta['code']}'s, not {code}'s")
    return Lexicon(code, meta["script"], WordTable.load(directory, _WORDS),
                   frozenset(meta["short"]), meta["mean_length"], meta["longest"],
                   meta["alphabet"], _BOUND.get(code, frozenset()))


def _alphabet(costs: dict[str, float]) -> str:
    common = 9.0 - COMMON_ZIPF
    return "".join(sorted({c for w, v in costs.items() if v <= common for c in w if c.isalpha()}))


def _mean_length(costs: dict[str, float]) -> float:
    """Letters per word of running text: word lengths weighted by frequency, and a little
    more for the names and numbers-with-letters the lists leave out (measured on news)."""
    weights = [(10.0**-cost, len(word)) for word, cost in costs.items() if cost <= 6.0]
    total = sum(weight for weight, _ in weights)
    mean = sum(weight * length for weight, length in weights) / total if total else 4.5
    return mean * _NEWS_LENGTH


def _piece_cost(word: str, cost: float) -> float:
    """A dictionary entry's cost as a piece of a split, adjusted once at load time. Only
    entries rarer than Zipf 3 change, so every test of "at least this common" above that
    reads the same."""
    if len(word) == 3 and cost > 6.0:
        return INF  # rare three-letter entries are mostly fragments and codes
    if cost > _RARE_COST:
        # The rarest entries of the lists are often glued pairs ("turningpoint"); make them
        # pay a little more than their raw frequency says.
        cost += 1.5 * (cost - _RARE_COST)
    return cost


def _short_words(code: str, costs: dict[str, float]) -> frozenset[str]:
    if code in _CURATED_SHORT:
        return _CURATED_SHORT[code]
    limit = 9.0 - FUNCTION_ZIPF
    two = {w for w, c in costs.items() if len(w) == 2 and c <= limit} - _NOT_SHORT_WORDS
    return frozenset(two | set(_ONE_LETTER.get(code, "")))
