"""How the body is chosen among readings: trafilatura's, the density reading, the page's
JSON-LD text as referee; and what the lines of the chosen reading keep."""

from __future__ import annotations

import json

import pytest

import newsdesk.extract.body as body_module
from newsdesk.extract import extract_article
from newsdesk.extract.blocks import Block

URL = "https://www.quaytimes.example/2026/03/ferry-fares"
PARAGRAPHS = [
    "Ferry fares across the bay will rise by ten percent from June, the operator said on"
    " Monday, blaming higher fuel costs and the new harbour levy.",
    "The operator said it would add two evening sailings in summer, and that season tickets"
    " bought before the end of May would keep the old price.",
    "Commuter groups said the rise was the third in two years and asked the council to review"
    " the harbour levy at its next meeting in April.",
    "The council's transport committee is due to publish its report on the levy, which funds"
    " the new breakwater, before the summer timetable starts.",
]
PROMO = "Get our morning briefing in your inbox: the day's quay news before your first coffee"


def _page(body: str, head: str = "") -> str:
    return (f'<html lang="en"><head><title>Ferry fares to rise</title>{head}</head><body>'
            f'<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>{body}'
            '<footer><p>Quay Times, 1 Harbour Road</p></footer></body></html>')


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def test_the_pages_own_articlebody_removes_lines_it_does_not_hold() -> None:
    linked = {"@context": "https://schema.org", "@type": "NewsArticle",
              "headline": "Ferry fares to rise", "articleBody": " ".join(PARAGRAPHS)}
    head = f'<script type="application/ld+json">{json.dumps(linked)}</script>'
    body = _paragraphs([*PARAGRAPHS[:2], PROMO, *PARAGRAPHS[2:]])
    article = extract_article(_page(f"<article><h1>Ferry fares to rise</h1>{body}</article>",
                                    head), URL)
    assert article.text.split("\n\n") == PARAGRAPHS
    assert PROMO in article.chrome_removed


def test_an_articlebody_much_shorter_than_the_page_is_a_teaser_and_ignored() -> None:
    linked = {"@type": "NewsArticle", "articleBody": " ".join(PARAGRAPHS[:1] * 3)}
    head = f'<script type="application/ld+json">{json.dumps(linked)}</script>'
    article = extract_article(_page(f"<article>{_paragraphs(PARAGRAPHS)}</article>", head), URL)
    assert article.text.split("\n\n") == PARAGRAPHS


def test_when_trafilatura_keeps_one_paragraph_the_density_reading_gives_the_story(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_module, "trafilatura_blocks",
                        lambda _html: [Block("paragraph", PARAGRAPHS[0])])
    page = _page(f'<div class="story-body">{_paragraphs(PARAGRAPHS)}</div>'
                 '<aside><p>Most read: the harbour seal is back, and more from the quay</p>'
                 '</aside>')
    assert extract_article(page, URL).text.split("\n\n") == PARAGRAPHS


def test_two_readings_that_meet_in_the_page_are_joined(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_module, "trafilatura_blocks",
                        lambda _html: [Block("paragraph", PARAGRAPHS[0])])
    page = _page(f'<div class="lead">{_paragraphs(PARAGRAPHS[:1])}</div>'
                 '<div class="ad">Advertisement</div>'
                 f'<div class="rest">{_paragraphs(PARAGRAPHS[1:] * 2)}</div>')
    assert extract_article(page, URL).text.split("\n\n") == [*PARAGRAPHS, *PARAGRAPHS[1:]]


def test_a_page_whose_story_is_in_reacts_streamed_hidden_parts_is_read() -> None:
    page = _page(f'<main><div id="root"></div></main><div hidden id="S:1">'
                 f'<article>{_paragraphs(PARAGRAPHS)}</article></div>'
                 '<div hidden><p>This hidden box is never shown to anyone reading the page at'
                 ' all, it only holds a template.</p></div>')
    article = extract_article(page, URL)
    assert all(paragraph in article.text for paragraph in PARAGRAPHS)
    assert "template" not in article.text


def test_the_standfirst_opens_the_text_and_a_kicker_title_is_dropped() -> None:
    standfirst = "Commuters face the third rise in two years as the levy bites."
    page = _page(f'<header><h1>Transport: Ferry fares to rise</h1><p class="standfirst">'
                 f'{standfirst}</p></header><article><h2>Transport: Ferry fares to rise</h2>'
                 f'{_paragraphs(PARAGRAPHS)}</article>')
    article = extract_article(page, URL)
    assert article.text.split("\n\n") == [standfirst, *PARAGRAPHS]
    assert article.summary == standfirst


def test_teaser_headlines_are_chrome_but_linked_subheadings_stay() -> None:
    teaser = "Harbour seal returns to the old quay after twelve years away"
    page = _page("<article>" + _paragraphs(PARAGRAPHS[:2])
                 + '<h2><a href="#levy">What the levy pays for</a></h2>'
                 + _paragraphs(PARAGRAPHS[2:])
                 + f'<p><a href="/2026/03/seal">{teaser}</a></p></article>')
    article = extract_article(page, URL)
    assert "What the levy pays for" in article.headings
    assert teaser in article.chrome_removed


def test_table_rows_are_kept_as_lines() -> None:
    table = ("<table><tr><th>Route</th><th>Fare now</th><th>From June</th></tr>"
             "<tr><td>Quayside to Northpoint</td><td>4.00</td><td>4.40</td></tr></table>")
    page = _page(f"<article>{_paragraphs(PARAGRAPHS[:2])}{table}"
                 f"{_paragraphs(PARAGRAPHS[2:])}</article>")
    assert "Quayside to Northpoint | 4.00 | 4.40" in extract_article(page, URL).text.split("\n\n")
