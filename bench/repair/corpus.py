"""A deterministic corpus of invented news paragraphs, full of names, numbers and quotes.

Names and places are built from syllables, so most are unknown to any dictionary. The
training split (for learning a vocabulary) and the test split share common names, as real
news does, but a third of the names appear only in the test split.
"""

from __future__ import annotations

import random

_SYLLABLES = [
    "ka",
    "lim",
    "bar",
    "o",
    "ye",
    "lan",
    "ra",
    "sul",
    "ay",
    "ma",
    "ni",
    "fa",
    "ha",
    "ko",
    "wal",
    "czyk",
    "ngu",
    "en",
    "ade",
    "mi",
    "zo",
    "ta",
    "ri",
    "vel",
    "an",
    "dro",
    "mos",
    "ke",
    "tu",
    "bo",
    "ge",
    "li",
    "sha",
    "hin",
    "do",
    "ru",
    "vik",
    "tor",
    "mar",
    "en",
    "so",
    "ba",
    "ku",
    "ze",
    "na",
    "pol",
    "vi",
    "ch",
    "ev",
]
_GIVEN = [
    "Ali",
    "Sara",
    "Tomasz",
    "Linh",
    "Adebayo",
    "Mariam",
    "Dariusz",
    "Thandiwe",
    "Yusuf",
    "Elena",
    "Kofi",
    "Ingrid",
    "Ravi",
    "Leila",
    "Mateo",
    "Hana",
    "Omar",
    "Priya",
    "Jonas",
    "Amara",
    "Farid",
    "Nadia",
    "Pieter",
    "Siobhan",
    "Kenji",
    "Zainab",
]
_FIXED_NAMES = ["Farahani", "Sulaymaniyah", "Kowalczyk", "Nguyen", "Oyelaran"]
_BRANDS = ["BrightPath", "NovaTel", "McAllister", "DeVries", "GreenLedger"]
_ROLES = [
    "minister",
    "spokesperson",
    "governor",
    "mayor",
    "analyst",
    "economist",
    "prosecutor",
    "chairwoman",
    "director",
    "commander",
    "researcher",
    "negotiator",
]
_BODIES = [
    "cabinet",
    "council",
    "parliament",
    "committee",
    "ministry",
    "central bank",
    "court",
    "union",
    "agency",
    "electoral commission",
    "city council",
    "supreme court",
]
_TOPICS = [
    "budget",
    "reform",
    "tariff plan",
    "water project",
    "election law",
    "housing policy",
    "rail contract",
    "trade agreement",
    "health programme",
    "energy deal",
    "pension bill",
    "fishing quota",
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_VERBS = [
    "approved",
    "rejected",
    "delayed",
    "announced",
    "criticised",
    "defended",
    "unveiled",
    "postponed",
]


def _invented(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _name_pools(rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    surnames = sorted({_invented(rng, rng.choice((2, 3, 3, 4))) for _ in range(160)})
    surnames += _FIXED_NAMES
    places = sorted({_invented(rng, rng.choice((2, 3))) for _ in range(60)})
    rng.shuffle(surnames)
    cut = len(surnames) // 3
    return surnames[cut:], surnames[:cut], places


def _sentences(rng: random.Random, person: str, place: str, other: str) -> list[str]:
    role, body, topic = rng.choice(_ROLES), rng.choice(_BODIES), rng.choice(_TOPICS)
    month, day, verb = rng.choice(_MONTHS), rng.choice(_DAYS), rng.choice(_VERBS)
    number, share = rng.randint(2, 950), f"{rng.randint(1, 19)}.{rng.randint(1, 9)}"
    year, brand = rng.choice((2019, 2021, 2023, 2024, 2025)), rng.choice(_BRANDS)
    return [
        f"The {body} {verb} the new {topic} on {day}, according to {person}.",
        f"In {year} the {body} in {place} spent {number} million on the {topic}.",
        f"“We will not back down,” said {person}, the {role} of {place}.",
        f'"This is a turning point for {place}," {person} told reporters.',
        f"Prices rose {share} percent in {month}, the fastest pace since {year}.",
        f"Meanwhile, {other} said the {topic} would cost about {number},000 dollars.",
        f"Officials met at 10:{rng.randint(10, 59)} in {place}; talks lasted {number} minutes.",
        f"The U.S. embassy and the E.U. mission issued a joint statement on {day}.",
        f"Critics, including {other}, argue that the {topic} favours {place} over its rivals.",
        f"Details are posted at www.{place.lower()}-news.org and on example.com.",
        f"Dr. {person} (a former {role}) joined {brand} in {month} {year}.",
        f"Asked whether the {topic} was dead, {person} replied: “Not at all.”",
        f"Around {number} people marched through {place} on {day} evening.",
        f"The {role} resigned after {rng.randint(2, 30)} years; {other} will take over.",
        f"Is the {topic} working? Analysts in {place} are not sure.",
        f"Residents of {place} said the {body} had ignored them for years.",
        f"{person} and {other} signed the {topic} in {place} on {month} {rng.randint(1, 28)}.",
        f"The {body}'s decision surprised many, said {other}, who leads the opposition.",
        f"Under the plan, e.g. in {place}, fees fall by {share}% from {month}.",
        f"A spokesperson for {brand} declined to comment, citing the ongoing {topic} review.",
        f"Turnout reached {share} percent, well above the {year} figure of {number}.",
        f"The so-called {topic} package, worth {number} million, stalled in the {body}.",
        f"Nobody expected the {body} to act so quickly, {person} admitted.",
        f"Contact the press office at press@{place.lower()}.org for the full report.",
    ]


def _paragraph(rng: random.Random, surnames: list[str], places: list[str]) -> str:
    person = f"{rng.choice(_GIVEN)} {rng.choice(surnames)}"
    other = f"{rng.choice(_GIVEN)} {rng.choice(surnames)}"
    pool = _sentences(rng, person, rng.choice(places), other)
    return " ".join(rng.sample(pool, rng.randint(3, 6)))


def build(count: int = 400, seed: int = 7) -> tuple[list[str], list[str]]:
    """(training paragraphs, test paragraphs), ``count`` of each; deterministic for a seed."""
    rng = random.Random(seed)
    shared, test_only, places = _name_pools(rng)
    train = [_paragraph(rng, shared, places) for _ in range(count)]
    test = [_paragraph(rng, shared + test_only, places) for _ in range(count)]
    return train, test


def damage(paragraph: str, probability: float, seed: int) -> str:
    """``paragraph`` with each space deleted with ``probability`` (seeded)."""
    rng = random.Random(seed)
    return "".join("" if c == " " and rng.random() < probability else c for c in paragraph)
