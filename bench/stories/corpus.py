"""A labelled, seeded corpus of invented news stories with copies, rewrites and hard negatives.

Every story reports one event (people, place, organisation, topic words, figures, day). Its
articles are the original, copies (chrome, lost spaces, dropped letters, truncation, new
titles) and rewrites (reordered sentences, synonyms, another lede, sentences dropped and
added). Hard negatives are sibling stories: same topic, people, place and day, other event.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

_SYLLABLES = [
    "ka",
    "lo",
    "ven",
    "mar",
    "tis",
    "or",
    "del",
    "an",
    "bri",
    "su",
    "nek",
    "ra",
    "vol",
    "ther",
    "ska",
    "mi",
    "do",
    "ul",
    "fen",
    "gar",
    "ho",
    "lin",
    "rast",
    "ve",
    "zo",
    "cal",
    "per",
    "tor",
    "wen",
    "bo",
    "sel",
    "im",
    "dra",
    "quin",
    "ash",
    "mol",
    "ter",
    "vik",
    "ny",
    "ost",
    "ard",
    "hel",
    "bur",
    "gen",
]

_TOPICS = {
    "economy": "budget tariff bond inflation loan factory export wages pension subsidy currency "
    "deficit investor harvest mortgage refinery shipyard merger dividend payroll",
    "politics": "election ballot coalition minister reform senate motion veto referendum "
    "campaign treaty cabinet mandate petition council amendment deputy quorum charter envoy",
    "transport": "railway bridge tunnel airport ferry tram highway runway timetable fleet "
    "station freight carriage signal terminal depot viaduct harbour bypass license",
    "health": "hospital vaccine clinic outbreak surgeon ward nurse patient therapy trial "
    "pharmacy ambulance screening epidemic diagnosis insurance dentist midwife donor virus",
    "weather": "storm flood drought heatwave blizzard landslide river levee rainfall wildfire "
    "evacuation shelter forecast tornado snowfall dam coastline erosion frost gale",
    "science": "telescope satellite laboratory fossil genome reactor probe glacier volcano "
    "microscope particle orbit archive expedition comet specimen observatory drill sensor crater",
}
_VERBS = [
    "approve",
    "delay",
    "expand",
    "suspend",
    "review",
    "fund",
    "reject",
    "restore",
    "cancel",
    "launch",
    "replace",
    "inspect",
    "extend",
    "close",
    "reopen",
    "audit",
    "upgrade",
    "halt",
    "double",
    "repair",
]
_ROLES = [
    "mayor",
    "director",
    "chair",
    "spokesperson",
    "minister",
    "governor",
    "head",
    "chief",
    "treasurer",
    "rector",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_LEDES = (
    "{P1}, {ROLE} of {ORG}, said on {DAY} that {PLACE} would {V0} the {N0} after {NUM0} {N1} "
    "were found to be at risk.",
    "{PLACE} will {V0} its {N0}, {ORG} announced on {DAY}, in a move affecting {NUM0} {N1}.",
    "Authorities in {PLACE} moved on {DAY} to {V0} the {N0}, a decision {P1} of {ORG} said "
    "touched {NUM0} {N1}.",
)
_BODY = (
    "{P1S} said the cost of the {N2} had risen to {NUM1} krona this year.",
    "The {N0} had been expected to {V1} the {N3} by the end of the season, {P2} said.",
    "{P2}, who leads the {N4} committee, warned that {NUM2} per cent of the {N1} were affected.",
    "Officials in {PLACE} confirmed that the {N3} would be inspected before any {N5} resumed.",
    "Critics argued the plan to {V2} the {N5} would leave {ORG} short of {NUM1} krona.",
    "Residents near the {N2} told reporters they had heard nothing about the {N0} until {DAY}.",
    "{ORG} said a review of the {N4} would report within {NUM0} weeks.",
    "{P1S} added that the {N1} would not be affected by the decision to {V1} the {N3}.",
    "The {N5} in {PLACE} was last overhauled in {YEAR}, records show.",
    "A separate inquiry into the {N2} is due to publish its findings on {DAY}.",
    "{P2S} said {NUM2} per cent of those asked backed moves to {V2} the {N4}.",
    "Local businesses said the {N3} closure could cost each of them {NUM0} days of trade.",
    "Under the plan, {ORG} would {V0} a further {NUM0} {N1} next year.",
    "The {N0} has divided opinion in {PLACE} since the {YEAR} vote on the {N5}.",
)
_EXTRA = (
    "The figures could not be independently verified.",
    "Neither side responded to further requests for comment on {DAY}.",
    "Further talks about the {N0} are expected in {PLACE} next week.",
)
_SYNONYMS = {
    "said": "stated",
    "warned": "cautioned",
    "expected": "anticipated",
    "officials": "authorities",
    "confirmed": "acknowledged",
    "cost": "price",
    "residents": "locals",
    "plan": "proposal",
    "decision": "ruling",
    "review": "assessment",
    "reporters": "journalists",
    "risen": "climbed",
    "critics": "opponents",
    "argued": "contended",
    "backed": "supported",
    "separate": "distinct",
    "businesses": "firms",
    "leads": "heads",
    "records": "documents",
    "added": "noted",
}
_CHROME_HEAD = (
    "Home > News > {PLACE}",
    "Share this: Facebook | X | Email",
    "Listen to this article 4 min",
    "By Staff Reporter | Updated {DAY}",
)
_CHROME_TAIL = (
    "Read more: {NUM0} things to know about {PLACE}",
    "Subscribe to our morning newsletter",
    "Copyright {OUTLET}. All rights reserved.",
    "Comments are closed.",
)
_TITLES = (
    "{PLACE} to {V0} {N0}",
    "{ORG} moves to {V0} {N0} in {PLACE}",
    "{P1S}: {PLACE} {N0} will {V0}",
    "{NUM0} {N1} at risk as {PLACE} {N0} faces change",
)


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    """One generated article and its truth: story, kind (original/copy/rewrite), cluster."""

    article_id: int
    story: int
    cluster: int  # stories in one cluster share topic, people, place and day
    kind: str
    title: str
    text: str
    publisher: str
    published: datetime


class _Vocabulary:
    def __init__(self, rng: random.Random) -> None:
        self.first = self._names(rng, 400, 2)
        self.last = self._names(rng, 3000, 3)
        self.places = self._names(rng, 800, 3)
        kinds = [
            "Council",
            "Institute",
            "Bank",
            "Union",
            "Authority",
            "Holdings",
            "University",
            "Party",
            "Trust",
        ]
        self.orgs = [f"{p} {rng.choice(kinds)}" for p in rng.sample(self.places, 600)]
        outlet_kinds = ["Herald", "Times", "Post", "Courier", "Daily", "Observer", "Wire", "Radio"]
        self.outlets = [f"The {p} {rng.choice(outlet_kinds)}" for p in rng.sample(self.places, 80)]

    @staticmethod
    def _names(rng: random.Random, count: int, syllables: int) -> list[str]:
        found: set[str] = set()
        while len(found) < count:
            parts = rng.randint(2, syllables)
            found.add("".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize())
        return sorted(found)


def generate(stories: int, seed: int = 20250408, days: int = 30) -> Iterator[LabelledArticle]:
    """Yield articles of ``stories`` stories, story by story, in cluster order."""
    rng = random.Random(seed)
    vocab = _Vocabulary(rng)
    start = datetime(2025, 3, 1, tzinfo=UTC)
    next_id, story, cluster = 1, 0, 0
    while story < stories:
        shared = _shared_facts(rng, vocab, start + timedelta(days=rng.randrange(days)))
        for _ in range(min(rng.choice((1, 1, 2, 3)), stories - story)):
            facts = _event_facts(rng, shared)
            for kind, title, text, outlet, at in _articles(rng, vocab, facts):
                yield LabelledArticle(next_id, story, cluster, kind, title, text, outlet, at)
                next_id += 1
            story += 1
        cluster += 1


def _shared_facts(rng: random.Random, vocab: _Vocabulary, day: datetime) -> dict[str, str]:
    p1 = f"{rng.choice(vocab.first)} {rng.choice(vocab.last)}"
    p2 = f"{rng.choice(vocab.first)} {rng.choice(vocab.last)}"
    return {
        "P1": p1,
        "P1S": p1.split()[1],
        "P2": p2,
        "P2S": p2.split()[1],
        "ROLE": rng.choice(_ROLES),
        "PLACE": rng.choice(vocab.places),
        "ORG": rng.choice(vocab.orgs),
        "TOPIC": rng.choice(sorted(_TOPICS)),
        "DAY": _DAYS[day.weekday()],
        "WHEN": day.isoformat(),
    }


def _event_facts(rng: random.Random, shared: dict[str, str]) -> dict[str, str]:
    facts = dict(shared)
    nouns = rng.sample(_TOPICS[shared["TOPIC"]].split(), 6)
    facts.update({f"N{i}": noun for i, noun in enumerate(nouns)})
    facts.update({f"V{i}": verb for i, verb in enumerate(rng.sample(_VERBS, 3))})
    facts["NUM0"] = str(rng.randint(3, 95))
    facts["NUM1"] = f"{rng.randint(2, 990) * 1000:,}"
    facts["NUM2"] = str(rng.randint(5, 95))
    facts["YEAR"] = str(rng.randint(1990, 2022))
    return facts


def _articles(
    rng: random.Random, vocab: _Vocabulary, facts: dict[str, str]
) -> Iterator[tuple[str, str, str, str, datetime]]:
    when = datetime.fromisoformat(facts["WHEN"]) + timedelta(minutes=rng.randrange(6 * 60, 20 * 60))
    outlets = rng.sample(vocab.outlets, 8)
    lede = rng.randrange(len(_LEDES))
    body = rng.sample(range(len(_BODY)), rng.randint(8, 11))
    sentences = [_LEDES[lede], *(_BODY[i] for i in body)]
    text = _paragraphs(rng, [s.format(**facts) for s in sentences])
    title = rng.choice(_TITLES).format(**facts)
    yield "original", title, text, outlets[0], when
    for n in range(rng.randint(1, 4)):
        copy_title = rng.choice(_TITLES).format(**facts) if rng.random() < 0.5 else title
        late = when + timedelta(minutes=rng.randint(5, 600))
        yield (
            "copy",
            copy_title,
            _copy(rng, text, facts | {"OUTLET": outlets[n + 1]}),
            outlets[n + 1],
            late,
        )
    for n in range(rng.choice((0, 1, 1, 2, 3))):
        late = when + timedelta(minutes=rng.randint(30, 1800))
        rewritten = _rewrite(rng, lede, body, facts)
        yield "rewrite", rng.choice(_TITLES).format(**facts), rewritten, outlets[n + 5], late


def _paragraphs(rng: random.Random, sentences: list[str]) -> str:
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.choice((1, 2, 2))
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    return "\n\n".join(paragraphs)


def _copy(rng: random.Random, text: str, facts: dict[str, str]) -> str:
    paragraphs = text.split("\n\n")
    if rng.random() < 0.3:  # a teaser: the first paragraphs only
        paragraphs = paragraphs[: max(1, int(len(paragraphs) * rng.uniform(0.3, 0.7)))]
    copied = "\n\n".join(paragraphs)
    if rng.random() < 0.5:
        copied = _damage(rng, copied, rng.choice((0.1, 0.3, 0.5, 0.8, 1.0)))
    if rng.random() < 0.6:
        head = rng.sample(_CHROME_HEAD, rng.randint(1, 2))
        tail = rng.sample(_CHROME_TAIL, rng.randint(1, 2))
        copied = "\n\n".join([*head, copied, *tail]).format(**facts)
    return copied


def _damage(rng: random.Random, text: str, space_rate: float) -> str:
    return damage(rng, text, space_rate, rng.choice((0.0, 0.0, 0.005, 0.01)))


def damage(rng: random.Random, text: str, space_rate: float, letter_rate: float) -> str:
    """``text`` with spaces lost at ``space_rate`` and letters dropped at ``letter_rate``."""
    out = []
    for ch in text:
        if ch == " " and rng.random() < space_rate:
            continue
        if ch.isalpha() and rng.random() < letter_rate:
            continue
        out.append(ch)
    return "".join(out)


def _rewrite(rng: random.Random, lede: int, body: list[int], facts: dict[str, str]) -> str:
    other_lede = rng.choice([i for i in range(len(_LEDES)) if i != lede])
    kept = [i for i in body if rng.random() > 0.2]
    unused = [i for i in range(len(_BODY)) if i not in body]
    kept += rng.sample(unused, min(len(unused), rng.randint(0, 2)))
    rng.shuffle(kept)
    sentences = [_LEDES[other_lede], *(_BODY[i] for i in kept)]
    sentences += rng.sample(_EXTRA, rng.randint(0, 2))
    words = " ".join(s.format(**facts) for s in sentences).split(" ")
    swapped = [_swap(rng, word) for word in words]
    return _paragraphs(rng, " ".join(swapped).replace(". ", ".\n").split("\n"))


def _swap(rng: random.Random, word: str) -> str:
    bare = word.rstrip(".,").lower()
    if bare in _SYNONYMS and rng.random() < 0.8:
        replacement = _SYNONYMS[bare]
        if word[0].isupper():
            replacement = replacement.capitalize()
        return replacement + word[len(bare) :]
    return word
