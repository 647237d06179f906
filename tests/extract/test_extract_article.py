"""extract_article: errors, body selector, learned chrome, language and credits."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from newsdesk.extract import extract_article, line_key
from newsdesk.records import Credit

TESTDATA = Path(__file__).parent / "testdata"
REPUBLISHER = (TESTDATA / "republisher_heavy_chrome.html").read_text("utf-8")
URL = "https://www.dailygazette.example/2026/02/dock-strike"

PROMO = "Listen to the Gazette podcast every morning on your way to work"
PAGE_WITH_PROMO = f"""<html lang="en"><head><title>Ferry fares rise</title>
<meta property="og:site_name" content="Daily Gazette"></head><body><article>
<h1>Ferry fares rise</h1>
<p>Ferry fares across the bay will rise by ten percent from June, the operator said on Monday.</p>
<p>{PROMO}</p>
<p>The operator blamed higher fuel costs and said it would add two evening sailings in summer.</p>
</article></body></html>"""


@pytest.mark.parametrize(
    ("bad_input", "reason"),
    [("", "empty"), ("   \n ", "empty"), ("just some words, no markup at all", "not HTML"),
     ('{"title": "not html"}', "not HTML"), ("\x00\x01<p>", "neither a title nor")],
)
def test_non_html_input_gives_an_unread_article_saying_why(bad_input: str, reason: str) -> None:
    article = extract_article(bad_input, URL)
    assert article.page_read is False
    assert article.text == "" and article.url == URL
    assert reason in article.warnings[-1]


def test_bytes_input_is_read_as_utf8_with_a_warning() -> None:
    article = extract_article("<html><body><p>Café prices rose.</p></body></html>".encode(),  # type: ignore[arg-type]
                              URL)
    assert article.page_read and article.text == "Café prices rose."
    assert any("bytes" in warning for warning in article.warnings)


def test_html_without_any_text_is_not_read() -> None:
    article = extract_article("<html><head></head><body><div></div></body></html>", URL)
    assert article.page_read is False


def test_body_selector_takes_the_body_and_fixed_rules_remove_its_chrome() -> None:
    article = extract_article(REPUBLISHER, URL, body_selector=".entry")
    assert article.text.startswith("LISBON (Harbor Wire) - Dock workers ended")
    assert article.text.endswith("lost orders to rival ports during the dispute.")
    assert article.chrome_removed == [
        "Sources: © Harbor Wire",
        "Join our Telegram channel for breaking news",
        "Back to top",
    ]
    assert article.original_source == Credit(name="Harbor Wire")


def test_body_selector_that_matches_nothing_falls_back_to_the_whole_page() -> None:
    article = extract_article(REPUBLISHER, URL, body_selector=".no-such-class")
    assert "Dock workers ended a nine-day strike" in article.text


def test_related_list_after_a_chrome_heading_is_removed() -> None:
    article = extract_article(REPUBLISHER, URL, body_selector=".post")
    assert "Ferry timetable changes from June" not in article.text
    assert "Subscribe to our newsletter" not in article.text
    assert "Ferry timetable changes from June" in article.chrome_removed


def test_learned_chrome_keys_remove_site_lines_that_fixed_rules_miss() -> None:
    plain = extract_article(PAGE_WITH_PROMO, "https://dailygazette.example/ferry")
    assert PROMO in plain.text
    learned = frozenset({line_key(PROMO.upper())})
    cleaned = extract_article(PAGE_WITH_PROMO, "https://dailygazette.example/ferry",
                              learned_chrome=learned)
    assert PROMO not in cleaned.text
    assert cleaned.chrome_removed == [PROMO]
    assert "two evening sailings" in cleaned.text


def test_language_hint_is_used_when_the_page_declares_none() -> None:
    html = PAGE_WITH_PROMO.replace(' lang="en"', "")
    assert extract_article(html, URL, language_hint="en-GB").language == "en"
    assert extract_article(html, URL).language == "en"  # guessed from Latin script


def test_declared_language_wins_over_the_hint() -> None:
    assert extract_article(PAGE_WITH_PROMO, URL, language_hint="fr").language == "en"


def test_publisher_falls_back_to_host_without_www() -> None:
    html = PAGE_WITH_PROMO.replace('<meta property="og:site_name" content="Daily Gazette">', "")
    assert extract_article(html, "https://www.bayferries.example/news/1").publisher == (
        "bayferries.example")


def test_naive_page_time_is_taken_as_utc_and_zones_are_kept() -> None:
    html = PAGE_WITH_PROMO.replace(
        "</head>", '<meta property="article:published_time" content="2026-06-01T10:00:00+0430">'
        '<meta property="article:modified_time" content="2026-06-01T12:00:00"></head>')
    article = extract_article(html, URL)
    assert article.published is not None and article.updated is not None
    assert article.published.utcoffset() == timedelta(hours=4, minutes=30)
    assert article.updated.utcoffset() == timedelta(0)


def test_persian_page_without_lang_is_guessed_from_persian_letters() -> None:
    html = (TESTDATA / "persian_republished_credit_line.html").read_text("utf-8")
    assert extract_article(html, "https://paytakhtnews.example/n/1").language == "fa"


def test_zero_width_non_joiner_survives_extraction() -> None:
    html = (TESTDATA / "persian_republished_credit_line.html").read_text("utf-8")
    article = extract_article(html, "https://paytakhtnews.example/n/1")
    assert "بارش\u200cهای" in article.text
