"""Sitemaps through ``parse_source``."""

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.records import SourceKind
from newsdesk.sources import SourceParseError, parse_source

TESTDATA = Path(__file__).parent / "testdata"
URL = "https://al-manara-times.example/sitemap_news.xml"


def read(name: str) -> bytes:
    return (TESTDATA / name).read_bytes()


def test_news_sitemap_reads_news_fields() -> None:
    sitemap = parse_source(SourceKind.SITEMAP, read("sitemap_news.xml"), URL)
    arabic, english, about = sitemap.items
    assert arabic.url == "https://al-manara-times.example/ar/2024/06/10/new-library-opens"
    assert arabic.title == "افتتاح مكتبة جديدة في مدينة الواحة"
    assert arabic.language == "ar"
    assert arabic.published == datetime(2024, 6, 10, 5, 0, tzinfo=UTC)
    assert arabic.updated == datetime(2024, 6, 10, 6, 30, tzinfo=UTC)
    assert arabic.tags == ("ثقافة", "مكتبات")
    assert arabic.image == "https://al-manara-times.example/img/library.jpg"
    assert english.url == "https://al-manara-times.example/en/2024/06/10/desert-rail-line-tested"
    assert english.published == datetime(2024, 6, 10, tzinfo=UTC)  # date only → midnight UTC
    assert english.language == "en"
    assert about.title is None
    assert about.updated == datetime(2023, 1, 1, tzinfo=UTC)
    assert sitemap.child_urls == []


def test_sitemap_index_lists_children_absolute_and_once() -> None:
    sitemap = parse_source(SourceKind.SITEMAP, read("sitemap_index.xml"), URL)
    assert sitemap.items == []
    assert sitemap.child_urls == [
        "https://al-manara-times.example/sitemaps/news-2024-06.xml",
        "https://al-manara-times.example/sitemaps/news-2024-05.xml.gz",
    ]


def test_gzipped_sitemap_is_opened() -> None:
    plain = parse_source(SourceKind.SITEMAP, read("sitemap_news.xml"), URL)
    zipped = parse_source(SourceKind.SITEMAP, read("sitemap_news.xml.gz"), URL + ".gz")
    assert zipped.items == plain.items


def test_gzip_bomb_past_the_cap_is_refused() -> None:
    with pytest.raises(SourceParseError, match="too large"):
        parse_source(SourceKind.SITEMAP, read("sitemap_gzip_bomb_over_cap.xml.gz"), URL)


def test_corrupt_gzip_is_a_clear_error() -> None:
    body = gzip.compress(read("sitemap_news.xml"))[:60] + b"\x00garbage"
    with pytest.raises(SourceParseError, match="corrupt"):
        parse_source(SourceKind.SITEMAP, body, URL)


def test_xml_that_is_not_a_sitemap_is_refused() -> None:
    with pytest.raises(SourceParseError, match="not a sitemap"):
        parse_source(SourceKind.SITEMAP, read("rss091.xml"), URL)


def test_non_xml_is_refused() -> None:
    with pytest.raises(SourceParseError, match="sitemap"):
        parse_source(SourceKind.SITEMAP, b"hello there", URL)


def test_damaged_sitemap_keeps_what_it_can_with_a_warning() -> None:
    body = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://al-manara-times.example/en/a-first-story</loc><news:></url>"
        b"<url><loc>https://al-manara-times.example/en/a-second-story</loc></url"
    )
    sitemap = parse_source(SourceKind.SITEMAP, body, URL)
    assert sitemap.items[0].url == "https://al-manara-times.example/en/a-first-story"
    assert sitemap.warnings
