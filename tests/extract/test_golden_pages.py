"""Golden tests: stored pages in testdata/ against the expected JSON beside them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.extract import extract_article
from newsdesk.records import Article

TESTDATA = Path(__file__).parent / "testdata"
CASES = sorted(path.stem for path in TESTDATA.glob("*.html"))
_EXACT_FIELDS = ("title", "summary", "text", "headings", "authors", "language", "canonical_url",
                 "image", "tags", "publisher")


def _extract(case: str) -> tuple[Article, dict]:
    expected = json.loads((TESTDATA / f"{case}.json").read_text("utf-8"))
    html = (TESTDATA / f"{case}.html").read_text("utf-8")
    return extract_article(html, expected["url"]), expected


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("case", CASES)
def test_fields_match_the_expected_json(case: str) -> None:
    article, expected = _extract(case)
    for name in _EXACT_FIELDS:
        assert getattr(article, name) == expected[name], name
    assert (article.published.isoformat() if article.published else None) == expected["published"]
    assert (article.updated.isoformat() if article.updated else None) == expected["updated"]
    source = article.original_source
    got_source = {"name": source.name, "desk": source.desk} if source else None
    assert got_source == expected["original_source"]
    for line in expected["chrome_removed_includes"]:
        assert line in article.chrome_removed
    assert article.repairs == []


@pytest.mark.parametrize("case", CASES)
def test_removed_lines_never_reach_text_summary_or_headings(case: str) -> None:
    article, _ = _extract(case)
    paragraphs = set(article.text.split("\n\n"))
    for line in article.chrome_removed:
        assert line not in paragraphs
        assert line not in article.summary
        assert line not in article.headings


@pytest.mark.parametrize("case", CASES)
def test_text_is_paragraphs_separated_by_one_blank_line(case: str) -> None:
    article, _ = _extract(case)
    assert article.text
    assert "\n\n\n" not in article.text
    assert all(paragraph.strip() == paragraph and paragraph
               for paragraph in article.text.split("\n\n"))


@pytest.mark.parametrize("case", CASES)
def test_dates_keep_a_zone(case: str) -> None:
    article, _ = _extract(case)
    for value in (article.published, article.updated):
        assert value is None or value.tzinfo is not None
