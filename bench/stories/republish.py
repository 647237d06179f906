"""Real articles turned into a news network the way republishers make one, with its truth.

Each real article is an agency original. Republishers copy it: chrome lines around the body
(tagline, share bar, "Follow us on Telegram", "Sources: ©" credit, related-story titles), the
lede moved into a standfirst, a credit dateline ("site.example, World Desk:"), spaces lost at
p = 0.1–0.5 and letters dropped. Rewrites reorder the paragraphs, keep half of them and put a
new headline on top. Hard negatives are the real stories of one publisher, the real stories
sharing a topic, all placed on one day, and feeds whose different items share a word and a
ten-word boilerplate phrase.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from corpus import damage
from real_corpus import RealArticle

DAY = datetime(2025, 6, 3, 4, 0, tzinfo=UTC)
FEEDS = 3
FEED_ITEMS = 8
SPACE_LOSS = (0.0, 0.1, 0.2, 0.3, 0.5)
LETTER_DROPS = (0.0, 0.0, 0.003, 0.01)


@dataclass(frozen=True)
class Republisher:
    name: str
    domain: str
    tagline: str
    head: tuple[str, ...]
    tail: tuple[str, ...]


REPUBLISHERS = (
    Republisher("The Lantern Daily", "lanterndaily.example",
                "The Lantern Daily - Light on the stories that matter",
                ("Share this: Facebook | X | WhatsApp | Email", "Listen to this article 4 min"),
                ("Follow us on Telegram: t.me/lanterndaily", "Back to top")),
    Republisher("Coastline Now", "coastline-now.example", "Coastline Now | Your region, first",
                ("Home > World > Latest", "Advertisement"),
                ("Subscribe to our morning newsletter", "Comments are closed.")),
    Republisher("Nordwind Online", "nordwind.example",
                "Nordwind Online – Nachrichten rund um die Uhr",
                ("Startseite > Politik", "Teilen: Facebook | X | E-Mail"),
                ("Folgen Sie uns auf Telegram: t.me/nordwind", "Alle Rechte vorbehalten.")),
    Republisher("Daily Pulse 24", "dailypulse24.example", "DAILY PULSE 24 — NEWS AS IT HAPPENS",
                ("Updated 3 minutes ago", "Share | Tweet | Pin"),
                ("Copyright Daily Pulse 24. All rights reserved.", "Join our WhatsApp channel")),
    Republisher("Metro Brief", "metrobrief.example", "Metro Brief: five minutes, all the news",
                ("Read in app", "Text size: A A A"),
                ("Got a tip? Write to tips@metrobrief.example", "Back to top")),
    Republisher("Harbor Wire", "harborwire.example", "Harbor Wire",
                ("Harbor Wire > News", "By Harbor Wire staff"),
                ("More from Harbor Wire", "Privacy | Terms | Contact")),
)
_DESKS = ("World Desk", "Economy Desk", "Politics Desk", "Newsroom")


@dataclass
class BenchArticle:
    """One article of the network and its truth."""

    article_id: int
    story: int
    kind: str  # original, copy, rewrite or feed item
    title: str
    summary: str
    text: str
    publisher: str
    url: str
    published: datetime
    groups: set[str] = field(default_factory=set)  # hard-negative groups it belongs to


def network(articles: list[RealArticle], seed: int = 20250603) -> list[BenchArticle]:
    """Every article of the network, in publication order."""
    rng = random.Random(seed)
    pool = list(articles)
    rng.shuffle(pool)
    feed_items, originals = pool[: FEEDS * FEED_ITEMS], pool[FEEDS * FEED_ITEMS :]
    groups = _hard_negative_groups(originals)
    made: list[BenchArticle] = []
    for story, real in enumerate(originals):
        when = DAY + timedelta(minutes=rng.randrange(20 * 60))
        made.append(_original(len(made), story, real, when, groups[story]))
        for publisher in rng.sample(REPUBLISHERS, rng.randint(1, 3)):
            late = when + timedelta(minutes=rng.randint(5, 600))
            made.append(_copy(rng, len(made), story, real, publisher, late, groups[story],
                              others=originals))
        if len(real.paragraphs) >= 4 and rng.random() < 0.6:
            late = when + timedelta(minutes=rng.randint(30, 900))
            made.append(_rewrite(rng, len(made), story, real, late, groups[story]))
    made += _feed_items(rng, len(made), len(originals), feed_items)
    made.sort(key=lambda a: (a.published, a.article_id))
    return made


def _original(n: int, story: int, real: RealArticle, when: datetime,
              groups: set[str]) -> BenchArticle:
    return BenchArticle(n, story, "original", real.title, real.summary,
                        "\n\n".join(real.paragraphs), real.site, f"https://{_domain(real)}/{n}",
                        when, set(groups))


def _copy(rng: random.Random, n: int, story: int, real: RealArticle, publisher: Republisher,
          when: datetime, groups: set[str], others: list[RealArticle]) -> BenchArticle:
    paragraphs = list(real.paragraphs)
    summary = real.summary if rng.random() < 0.5 else ""
    if rng.random() < 0.5:  # the lede becomes the standfirst
        summary, paragraphs = paragraphs[0], paragraphs[1:]
    elif summary and rng.random() < 0.5:  # the standfirst becomes the first paragraph
        paragraphs, summary = [summary, *paragraphs], ""
    if rng.random() < 0.6:
        paragraphs[0] = f"{_dateline(rng, real)} {paragraphs[0]}"
    if len(paragraphs) >= 4 and rng.random() < 0.15:  # a teaser: the first paragraphs only
        paragraphs = paragraphs[: max(2, int(len(paragraphs) * rng.uniform(0.4, 0.7)))]
    space, letters = rng.choice(SPACE_LOSS), rng.choice(LETTER_DROPS)
    paragraphs = [damage(rng, p, space, letters) for p in paragraphs]
    summary = damage(rng, summary, space, letters)
    if rng.random() < 0.8:
        paragraphs = _with_chrome(rng, paragraphs, publisher, real, others)
    title = real.title if rng.random() < 0.6 else f"{real.title} | {publisher.name}"
    return BenchArticle(n, story, "copy", title, summary, "\n\n".join(paragraphs),
                        publisher.name, f"https://{publisher.domain}/{n}", when, set(groups))


def _rewrite(rng: random.Random, n: int, story: int, real: RealArticle, when: datetime,
             groups: set[str]) -> BenchArticle:
    paragraphs = list(real.paragraphs)
    order = list(range(1, len(paragraphs)))
    rng.shuffle(order)
    order.insert(rng.randint(1, len(order)), 0)  # the lede goes anywhere but first
    kept = [paragraphs[i] for i in order][: (len(paragraphs) + 1) // 2]
    source = max(paragraphs[1:], key=len).split()
    start = rng.randrange(max(1, len(source) - 10))
    headline = " ".join(source[start : start + rng.randint(6, 10)]).strip(" ,.;:")
    publisher = rng.choice(REPUBLISHERS)
    return BenchArticle(n, story, "rewrite", headline[:1].upper() + headline[1:], "",
                        "\n\n".join(kept), publisher.name, f"https://{publisher.domain}/r{n}",
                        when, set(groups))


def _feed_items(rng: random.Random, first_id: int, first_story: int,
                reals: list[RealArticle]) -> list[BenchArticle]:
    """Feeds whose items are different stories sharing a word and a ten-word phrase."""
    phrases = ("Follow {name} on Telegram for the latest news as it happens",
               "This story is brought to you by the {name} newsroom team",
               "Sign up for the {name} briefing and never miss a story")
    words = ("BREAKING", "Tolvara", "UPDATE")
    made = []
    for feed in range(FEEDS):
        publisher = REPUBLISHERS[feed]
        phrase = phrases[feed].format(name=publisher.name)
        for k, real in enumerate(reals[feed * FEED_ITEMS : (feed + 1) * FEED_ITEMS]):
            lede = next((p for p in real.paragraphs if len(p) >= 80), real.paragraphs[0])
            lede = " ".join(lede.split()[: rng.randint(7, 14)]).rstrip(",;:")  # a teaser
            text = (f"{words[feed]}: {lede} {phrase}." if feed != 1
                    else f"{words[feed]} - {phrase}. {lede}")
            when = DAY + timedelta(minutes=60 + k * rng.randint(20, 90))
            n = first_id + len(made)
            made.append(BenchArticle(n, first_story + len(made), "feed item", real.title, "",
                                     text, publisher.name, f"https://{publisher.domain}/f{n}",
                                     when, {f"feed:{publisher.name}"}))
    return made


def _dateline(rng: random.Random, real: RealArticle) -> str:
    form = rng.randrange(3)
    if form == 0:
        return f"{_domain(real)}, {rng.choice(_DESKS)}:"
    if form == 1:
        return f"{real.site.upper()} NEWS AGENCY, {rng.choice(_DESKS)}:"
    return f"({real.site}) -"


def _with_chrome(rng: random.Random, paragraphs: list[str], publisher: Republisher,
                 real: RealArticle, others: list[RealArticle]) -> list[str]:
    head = [publisher.tagline, *rng.sample(publisher.head, rng.randint(0, 2))]
    related = [o.title for o in rng.sample(others, 3)]
    tail = [f"Sources: © {real.site}", *rng.sample(publisher.tail, rng.randint(1, 2))]
    if rng.random() < 0.5:
        tail += ["Related stories", *related]
    return [*head, *paragraphs, *tail]


def _domain(real: RealArticle) -> str:
    return f"{real.site.lower()}.example"


def _hard_negative_groups(originals: list[RealArticle]) -> list[set[str]]:
    """Per original: the groups of other real stories it is easy to confuse with."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, real in enumerate(originals):
        if real.key.startswith("fundus:"):
            members[f"publisher:{real.site}"].append(i)
        for topic in real.topics:
            members[f"topic:{real.language}:{topic.casefold()}"].append(i)
    groups: list[set[str]] = [set() for _ in originals]
    for name, found in members.items():
        if len(found) >= 2:
            for i in found:
                groups[i].add(name)
    return groups
