"""What grouping compares: the standfirst and the body, without datelines and chrome lines."""

from __future__ import annotations

import pytest

from newsdesk.stories.body import grouping_paragraphs, strip_dateline


@pytest.mark.parametrize(("paragraph", "kept"), [
    ("velmora.example, World Desk: Dockworkers walked out.", "Dockworkers walked out."),
    ("ORSK NEWS AGENCY, EconomyDesk: The cabinet met.", "The cabinet met."),
    ("VELMORA (Orsk Wire) - Dockworkers walked out.", "Dockworkers walked out."),
    ("velmora.example,World Desk:VELMORA (Orsk Wire)—Dockworkers walked out.",
     "Dockworkers walked out."),
    ("BREAKING: Dockworkers walked out.", "Dockworkers walked out."),
])
def test_credit_datelines_are_removed(paragraph: str, kept: str) -> None:
    assert strip_dateline(paragraph) == kept


@pytest.mark.parametrize("paragraph", [
    "Union leader Tamsin Okerlund said: the cuts are unsafe.",
    "Jean-Pierre Okerlund - the union's lawyer - disagreed.",
    "At 10:30 the cranes stopped.",
    "Mr. Halvorsen went home - as usual - at six.",
])
def test_prose_that_looks_a_little_like_a_dateline_is_kept(paragraph: str) -> None:
    assert strip_dateline(paragraph) == paragraph


def test_chrome_lines_go_and_prose_stays() -> None:
    body = "\n\n".join([
        "The Velmora Courier - Light on the stories that matter",
        "Share this: Facebook | X | WhatsApp | Email",
        "Dockworkers at the port of Velmora walked off the job on Tuesday.",
        "Talks with the authority collapsed overnight, the union said.",
        "Related stories",
        "Harbour cranes face new safety review after winter storms",
        "Ten ports to watch this spring as freight volumes recover",
        "Sources: © Orsk News Agency",
    ])
    assert grouping_paragraphs("", body) == [
        "Dockworkers at the port of Velmora walked off the job on Tuesday.",
        "Talks with the authority collapsed overnight, the union said.",
    ]


def test_a_text_of_nothing_but_short_lines_is_kept_whole() -> None:
    assert grouping_paragraphs("", "Ferry back on\n\nSee you at the quay") == [
        "Ferry back on", "See you at the quay"]


def test_the_standfirst_leads_unless_the_body_repeats_it() -> None:
    body = "Dockworkers walked off the job on Tuesday.\n\nTalks collapsed overnight."
    assert grouping_paragraphs("The port stands still.", body)[0] == "The port stands still."
    repeated = grouping_paragraphs("Dockworkers walked off the job on Tuesday…", body)
    assert repeated == ["Dockworkers walked off the job on Tuesday.",
                        "Talks collapsed overnight."]
    moved = grouping_paragraphs("VELMORA (Orsk Wire) - Dockworkers walked off the job.",
                                "Talks collapsed overnight.")
    assert moved == ["Dockworkers walked off the job.", "Talks collapsed overnight."]
