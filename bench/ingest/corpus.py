"""The invented news network's text: outlets, articles, article pages and RSS feeds.

Everything is a pure function of the seed and the numbers (outlet, item), so the fixture
server can build any page on demand and every run serves the same bytes. Words come from
``wordfreq``'s 5,000 most common English words, drawn with Zipf-like weights, mixed with
invented people and places; about one item in twelve is a copy of another outlet's story
(same text, that outlet's chrome), so story grouping has real work but no giant story.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import cache
from html import escape
from itertools import chain, islice

import wordfreq
from wordfreq.numbers import has_digit_sequence

BASE_TIME = datetime(2025, 3, 4, 6, 0, tzinfo=UTC)
COPY_SHARE = 1 / 12  # items that republish another outlet's story
_SYLLABLES = (
    "ka", "lo", "ven", "dri", "ma", "tor", "sel", "bra", "nek", "os", "til", "gar", "pe",
    "rum", "zia", "fo", "lek", "sha", "mir", "dun", "ob", "qua", "ris", "tem", "vo", "ly",
)
_PLACE_ENDS = ("ford", "haven", "mouth", "vale", "stad", "bridge", " Bay", " Heights")
_SECTIONS = ("Politics", "Business", "Science", "Sport", "Culture", "World", "Local")


@dataclass(frozen=True, slots=True)
class Story:
    """One article's text, as the outlet that wrote it published it."""

    title: str
    standfirst: str
    paragraphs: tuple[str, ...]
    author: str
    section: str


@cache
def _urn() -> list[str]:
    """Common words repeated by a Zipf-like weight: a uniform draw from it is a weighted draw
    from the vocabulary, and much cheaper than ``choices(cum_weights=...)``. The list is read
    as ``top_n_list`` reads it but uncached: wordfreq would keep its whole English list
    (~20 MiB) in the process whose memory the benchmarks measure."""
    listed = (w for w in chain.from_iterable(wordfreq.get_frequency_list.__wrapped__("en"))
              if not has_digit_sequence(w))
    words = [w for w in islice(listed, 5000) if w.isalpha() and len(w) > 1]
    return [w for rank, w in enumerate(words) for _ in range(max(1, 2000 // (rank + 12)))]


def _words(rng: random.Random, count: int) -> list[str]:
    urn = _urn()
    return rng.choices(urn, k=count)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _invented(rng: random.Random, low: int = 2, high: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(low, high))).capitalize()


def _person(rng: random.Random) -> str:
    return f"{_invented(rng)} {_invented(rng, 2, 4)}"


def _place(rng: random.Random) -> str:
    return _invented(rng) + rng.choice(_PLACE_ENDS)


def _sentence(rng: random.Random, cast: list[str], places: list[str]) -> str:
    body = _words(rng, rng.randint(9, 20))
    roll = rng.random()
    if roll < 0.25:
        body.insert(rng.randrange(len(body)), rng.choice(places))
    if roll > 0.6:
        return f"{_capitalized(' '.join(body))}, said {rng.choice(cast)}."
    return _capitalized(" ".join(body)) + "."


def outlet_name(outlet: int) -> str:
    """The outlet's masthead, e.g. ``The Velmira Courier``."""
    rng = random.Random(f"outlet:{outlet}")
    kind = rng.choice(("Courier", "Herald", "Gazette", "Post", "Dispatch", "Chronicle"))
    return f"The {_invented(rng)} {kind} {outlet}"


def written_story(seed: int, outlet: int, item: int) -> Story:
    """The story outlet ``outlet`` wrote as its item ``item`` (~600 words)."""
    rng = random.Random(f"{seed}:story:{outlet}:{item}")
    cast = [_person(rng) for _ in range(3)]
    places = [_place(rng) for _ in range(2)]
    title = f"{places[0]}: {_capitalized(' '.join(_words(rng, rng.randint(5, 9))))}"
    standfirst = " ".join(_sentence(rng, cast, places) for _ in range(2))
    paragraphs = tuple(
        " ".join(_sentence(rng, cast, places) for _ in range(rng.randint(3, 5)))
        for _ in range(rng.randint(8, 10))
    )
    return Story(title, standfirst, paragraphs, cast[0], rng.choice(_SECTIONS))


def story_for(seed: int, outlets: int, outlet: int, item: int) -> Story:
    """What outlet ``outlet`` publishes as item ``item``: its own story or a copy."""
    rng = random.Random(f"{seed}:copy:{outlet}:{item}")
    if outlets > 1 and rng.random() < COPY_SHARE:
        return written_story(seed, (outlet + rng.randint(1, outlets - 1)) % outlets, item)
    return written_story(seed, outlet, item)


def live_story(seed: int, outlet: int, word: str) -> Story:
    """A story published during the run, carrying the unique ``word`` the probe searches."""
    story = written_story(seed, outlet, 10_000_000 + sum(map(ord, word)))
    lead = f"{story.paragraphs[0]} The {word} report was filed today."
    return Story(f"{story.title} {word}", story.standfirst, (lead, *story.paragraphs[1:]),
                 story.author, story.section)


def published_at(outlet: int, item: int) -> datetime:
    """Item 0 is the newest; each older item is 17 minutes earlier."""
    return BASE_TIME - timedelta(minutes=17 * item + outlet % 13)


def article_page(outlet: int, story: Story, url: str, published: datetime) -> bytes:
    """A news page: masthead, navigation, cookie notice, the article, related links, footer."""
    name = escape(outlet_name(outlet))
    nav = "".join(f'<li><a href="/section/{s.lower()}">{s}</a></li>' for s in _SECTIONS)
    body = "".join(f"<p>{escape(p)}</p>\n" for p in story.paragraphs)
    related = "".join(
        f'<li><a href="/related/{n}.html">More from {escape(story.section)} {n}</a></li>'
        for n in range(4)
    )
    stamp = published.isoformat()
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(story.title)} | {name}</title>"
        f'<link rel="canonical" href="{escape(url)}">'
        f'<meta property="og:title" content="{escape(story.title)}">'
        f'<meta property="og:site_name" content="{name}">'
        f'<meta name="description" content="{escape(story.standfirst)}">'
        f'<meta property="article:published_time" content="{stamp}"></head>\n<body>'
        f'<header><div class="masthead"><a href="/">{name}</a></div>'
        f'<nav><ul>{nav}</ul></nav></header>\n'
        '<div class="cookie-notice">We use cookies to improve your reading. '
        "<button>Accept all</button></div>\n"
        f'<main><article><h1>{escape(story.title)}</h1>'
        f'<p class="standfirst">{escape(story.standfirst)}</p>'
        f'<p class="byline">By {escape(story.author)} · <time datetime="{stamp}">'
        f"{published:%d %B %Y %H:%M}</time></p>\n{body}"
        '<div class="share">Share this story: Facebook · X · Email</div></article>'
        f'<aside><h2>Related</h2><ul>{related}</ul></aside></main>\n'
        f"<footer><p>© 2025 {name}. All rights reserved.</p>"
        '<p><a href="/about">About us</a> · <a href="/privacy">Privacy</a> · '
        '<a href="/subscribe">Subscribe for full access</a></p></footer></body></html>\n'
    ).encode()


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str
    title: str
    summary: str
    published: datetime


def feed_xml(outlet: int, site: str, entries: list[FeedEntry]) -> bytes:
    """An RSS 2.0 document for the outlet at ``site`` (``http://host:port``)."""
    name = escape(outlet_name(outlet))
    items = "".join(
        f"<item><title>{escape(e.title)}</title><link>{escape(e.url)}</link>"
        f'<guid isPermaLink="true">{escape(e.url)}</guid>'
        f"<pubDate>{format_datetime(e.published)}</pubDate>"
        f"<description>{escape(e.summary)}</description></item>\n"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{name}</title><link>{site}/</link>"
        f"<description>Latest news from {name}</description><language>en</language>\n"
        f"{items}</channel></rss>\n"
    ).encode()
