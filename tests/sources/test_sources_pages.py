"""Section pages through ``parse_source``."""

from pathlib import Path

import pytest

from newsdesk.records import SourceKind
from newsdesk.sources import parse_source
from newsdesk.sources.pages import ARTICLE_SCORE, link_score

TESTDATA = Path(__file__).parent / "testdata"
URL = "https://www.riverside-courier.example/section/local"


def test_section_page_keeps_only_article_links_once_with_titles() -> None:
    body = (TESTDATA / "section_page_mixed_links.html").read_bytes()
    page = parse_source(SourceKind.PAGE, body, URL)
    assert [(i.url, i.title) for i in page.items] == [
        (
            "https://www.riverside-courier.example/local/2024/06/12/river-walk-reopens-after-floods",
            "River walk reopens after the spring floods",  # the image link had no text
        ),
        (
            "https://www.riverside-courier.example/local/88123/mayor-signs-budget",
            "Mayor signs a budget with more for parks",
        ),
        (
            "https://sport.riverside-courier.example/rowing-club-wins-regional-cup",
            "Rowing club wins the regional cup",
        ),
        (
            "https://www.riverside-courier.example/fa/local/"
            "%D9%86%D9%85%D8%A7%DB%8C%D8%B4%DA%AF%D8%A7%D9%87-%DA%A9%D8%AA%D8%A7%D8%A8-"
            "%D8%AF%D8%B1-%D9%BE%D8%A7%D8%B1%DA%A9-%D8%B4%D9%87%D8%B1",
            "نمایشگاه کتاب در پارک شهر برگزار شد",
        ),
    ]
    assert page.title == "Local news — Riverside Courier"
    assert page.language == "en"
    assert page.site_url == "https://www.riverside-courier.example/"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/",
        "https://news.example/tag/flooding",
        "https://news.example/author/jane-ridley",
        "https://news.example/category/sport/2024/06/12/x",
        "https://news.example/login?next=/a",
        "https://news.example/search?q=river-walk-closed",
        "https://news.example/img/river-walk-photo-large.jpg",
        "https://news.example/local",
        "https://news.example/2024/06/",  # a month's archive
        "https://news.example/2024/06/12",
    ],
)
def test_link_score_rejects_non_articles(url: str) -> None:
    assert link_score(url, "A long enough link text here") < ARTICLE_SCORE


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2024/06/12/short",
        "https://news.example/world/123456",
        "https://news.example/world/storm-hits-the-coast",
        "https://news.example/world/storm-hits-the-coast.html",
    ],
)
def test_link_score_accepts_articles(url: str) -> None:
    assert link_score(url) >= ARTICLE_SCORE
