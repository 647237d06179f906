"""A site's boilerplate: space-independent phrase units, learned per site, removed before
signing; bounded memory."""

from __future__ import annotations

import random

from newsdesk.stories import StoryIndex
from newsdesk.stories.boilerplate import REPEATS, SiteMemory, strip, units
from tests.stories.story_texts import candidate

PHRASE = "Follow the Velmora Courier on Telegram for the latest news as it happens."
LEDES = [
    "The harbour board approved a new crane contract worth four million krona.",
    "A winter storm closed the coast road between Velmora and Orsk overnight.",
    "Schoolchildren planted two hundred oaks on the old quarry site on Friday.",
    "The night ferry to Skarra will run again from March, its operator said.",
    "Fishermen protested outside the council over new quotas for herring.",
    "A retired postman found a moth that science had never described before.",
]


def test_units_do_not_depend_on_spaces() -> None:
    clean = units([f"{LEDES[0]} {PHRASE}"])
    squeezed = units([f"{LEDES[0]} {PHRASE}".replace(" ", "")])
    assert clean == squeezed and len(clean) > 5


def test_a_phrase_seen_in_enough_of_a_sites_articles_is_stripped() -> None:
    memory = SiteMemory()
    for lede in LEDES[: REPEATS - 1]:
        memory.observe(units([f"{lede} {PHRASE}"]))
    item = [f"{LEDES[4]} {PHRASE}"]
    assert strip(item, memory) == item  # seen three times: could still be the story's own
    memory.observe(units([f"{LEDES[3]} {PHRASE}"]))
    assert strip(item, memory) == [LEDES[4]]
    assert strip([LEDES[5]], memory) == [LEDES[5]]  # nothing else is touched


def test_a_repeated_whole_paragraph_is_dropped() -> None:
    memory = SiteMemory()
    sign_off = "This story was brought to you by the Velmora Courier newsroom."
    for lede in LEDES[:REPEATS]:
        memory.observe(units([lede, sign_off]))
    assert strip([LEDES[5], sign_off], memory) == [LEDES[5]]


def test_once_learned_the_phrase_leaves_no_trace_in_the_signature() -> None:
    index = StoryIndex()
    for n, lede in enumerate(LEDES[:REPEATS], start=1):
        item = candidate(n, f"{lede} {PHRASE}", publisher="Velmora Courier")
        index.add(n, n, index.sign(item), item.published)
    with_phrase = index.sign(candidate(9, f"{LEDES[5]} {PHRASE}", publisher="Velmora Courier"))
    without = index.sign(candidate(9, LEDES[5], publisher="Velmora Courier"))
    assert with_phrase.minhash == without.minhash
    other_site = index.sign(candidate(9, f"{LEDES[5]} {PHRASE}", publisher="Orsk Wire"))
    assert other_site.minhash != without.minhash  # learned per site


def test_memory_stays_bounded() -> None:
    memory = SiteMemory()
    for n in range(5000):
        memory.observe([n * 16, n * 16 + 1_000_000_000])  # never repeated
    assert len(memory) < 1000  # only false "seen before"s, and those are forgotten
    assert not memory.has_boilerplate


def test_a_busy_site_keeps_few_counters_yet_learns_its_tagline() -> None:
    memory, rng = SiteMemory(), random.Random(19)
    tagline = 12345
    most = 0
    for _ in range(3000):  # a real article has ~150 units
        memory.observe([tagline, *(rng.getrandbits(32) for _ in range(150))])
        most = max(most, len(memory))
    assert memory.is_boilerplate(tagline)
    # was 22,869 at the end with unproven counters kept for 2,000 articles, and ~400 at any
    # time with one filter bit a unit: its false "seen before"s each got a counter
    assert most < 150
