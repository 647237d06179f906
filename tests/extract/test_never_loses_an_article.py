"""extract_article is total: no input makes it raise, and the feed item is never lost.

The property test mutates the golden pages (shaped like real ones) the ways real pages
break: links and markup inserted anywhere, nested tables, scripts in the body, cut pages,
NUL and control characters, mis-decoded encodings, lone surrogates, empty pages.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsdesk.extract.article as article_module
import newsdesk.extract.body as body_module
from newsdesk.extract import extract_article
from newsdesk.records import SourceItem

TESTDATA = Path(__file__).parent / "testdata"
SEEDS = [path.read_text("utf-8") for path in sorted(TESTDATA.glob("*.html"))]
URL = "https://www.quaytimes.example/2026/03/harbour-reopens"
ITEM = SourceItem(url=URL, guid="quay-1", title="Harbour reopens after repairs",
                  summary="<p>The harbour reopened on Monday.</p>",
                  published=datetime(2026, 3, 2, 8, tzinfo=UTC))

LINKED_PARAGRAPH = """<html lang="en"><head><title>Harbour reopens after repairs</title></head>
<body><nav><a href="/">Home</a></nav><article><h1>Harbour reopens after repairs</h1>
<p>The harbour of Quayside reopened on Monday after a week of repairs, and
<a href="https://www.quaytimes.example/people/harbour-master">the harbour master</a> promised
more berths by spring.</p>
<p>Read more: <a href="/sport">Sport</a><br><a href="/world">World news today</a></p>
<p>Ships queued outside the breakwater for most of the morning while pilots guided them in
one at a time through the narrow channel.</p></article></body></html>"""

FRAGMENTS = [
    '<a href="https://elsewhere.example/x">', "</a>", "<p>", "</p>", "</div>", "<div>",
    "<table><tr><td>", "</td></tr></table>", "<script>var s = '</p><p>';</script>",
    "<style>p { color: red }</style>", "<!--", "-->", "<![CDATA[", "]]>", "\x00", "\x01\x02",
    "\ufeff", "&#0;", "&#xD800;", "\ud800", "<p>" * 40, "<br>" * 20, "<iframe src=x>",
    '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": ',
    "<h1>", "<a>" * 30, "\u200c", "<math><mi>x</mi>", "<svg><p>inside</p></svg>",
]


def _mojibake(text: str) -> str:
    return text.encode("utf-8", errors="surrogatepass").decode("latin-1")


def _utf16_read_as_utf8(text: str) -> str:
    return text.encode("utf-16-le", errors="surrogatepass").decode("utf-8", errors="replace")


def _nested_tables(text: str, depth: int = 12) -> str:
    return "<table><tr><td>" * depth + text + "</td></tr></table>" * depth


@st.composite
def mutated_pages(draw: st.DrawFn) -> str:
    page = draw(st.sampled_from([*SEEDS, LINKED_PARAGRAPH]))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(page)))
        kind = draw(st.sampled_from(["insert", "insert_text", "cut", "delete", "whole"]))
        if kind == "insert":
            page = page[:at] + draw(st.sampled_from(FRAGMENTS)) + page[at:]
        elif kind == "insert_text":
            page = page[:at] + draw(st.text(max_size=40)) + page[at:]
        elif kind == "cut":
            page = page[:at]
        elif kind == "delete":
            page = page[:at] + page[at + draw(st.integers(1, 400)):]
        else:
            page = draw(st.sampled_from([_mojibake, _utf16_read_as_utf8, _nested_tables]))(page)
    return page


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=mutated_pages())
def test_no_page_raises_and_the_feed_item_is_never_lost(page: str) -> None:
    article = extract_article(page, URL, item=ITEM)
    assert article.url == URL
    assert article.title  # the page's, else the item's
    assert article.text or article.summary or not article.page_read
    if not article.page_read:
        assert article.title == ITEM.title
        assert "The harbour reopened on Monday." in (article.summary, article.text)
        assert article.warnings  # says why


@pytest.mark.parametrize("page", ["", "   ", "\x00" * 50, "%PDF-1.7 binary", "<html></html>"])
def test_an_unreadable_page_keeps_the_items_title_summary_and_link(page: str) -> None:
    article = extract_article(page, URL, item=ITEM)
    assert (article.page_read, article.title, article.canonical_url) == (False, ITEM.title, URL)
    assert article.text == "The harbour reopened on Monday."
    assert article.published == ITEM.published


def test_a_link_inside_a_paragraph_is_read_as_text_and_a_lone_short_link_is_chrome() -> None:
    article = extract_article(LINKED_PARAGRAPH, URL)  # this page crashed extraction once
    assert article.page_read and article.warnings == []
    assert article.text.split("\n\n") == [
        "The harbour of Quayside reopened on Monday after a week of repairs, and the harbour"
        " master promised more berths by spring.",
        "Ships queued outside the breakwater for most of the morning while pilots guided them"
        " in one at a time through the narrow channel.",
    ]
    assert article.chrome_removed == ["Read more: Sport", "World news today"]


def test_a_five_megabyte_page_is_read() -> None:
    filler = '<div class="teaser"><a href="/more">More news from the quay</a></div>\n' * 75_000
    page = LINKED_PARAGRAPH.replace("<nav>", f"<aside>{filler}</aside><nav>")
    assert len(page) > 5_000_000
    article = extract_article(page, URL, item=ITEM)
    assert article.page_read and "the harbour master promised" in article.text


def test_a_page_over_the_size_limit_is_cut_not_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(article_module, "MAX_HTML_CHARS", 2_000)
    page = LINKED_PARAGRAPH + "<!-- padding -->" * 500
    article = extract_article(page, URL)
    assert article.page_read and "the harbour master promised" in article.text
    assert any("cut at" in warning for warning in article.warnings)


def test_a_failing_step_falls_back_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("pattern file is corrupt")

    monkeypatch.setattr(article_module, "find_credit", broken)
    article = extract_article(LINKED_PARAGRAPH, URL)
    assert article.original_source is None
    assert "the harbour master promised" in article.text
    assert article.warnings == ["credit failed: RuntimeError: pattern file is corrupt",
                                "summary failed: RuntimeError: pattern file is corrupt"]


def test_when_trafilatura_fails_another_reading_gives_the_text(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_html: str) -> None:
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr(body_module, "trafilatura_blocks", broken)
    article = extract_article(LINKED_PARAGRAPH, URL)
    assert "the harbour master promised more berths by spring" in article.text
    assert article.warnings == [
        "trafilatura failed: ValueError: All strings must be XML compatible"]


def test_control_characters_are_dropped_with_a_warning() -> None:
    article = extract_article(LINKED_PARAGRAPH.replace("Monday", "Mon\x00day\x02"), URL)
    assert "reopened on Monday after" in article.text
    assert any("control characters" in warning for warning in article.warnings)
