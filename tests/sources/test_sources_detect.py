"""``detect_kind`` and ``discover_feeds``."""

import gzip
from pathlib import Path

import pytest

from newsdesk.records import SourceKind
from newsdesk.sources import COMMON_FEED_PATHS, detect_kind, discover_feeds

TESTDATA = Path(__file__).parent / "testdata"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("rss2_relative_links_enclosures.xml", SourceKind.FEED),
        ("rss1_rdf.xml", SourceKind.FEED),
        ("rss091.xml", SourceKind.FEED),
        ("atom_xhtml_content.xml", SourceKind.FEED),
        ("jsonfeed_1_1.json", SourceKind.FEED),
        ("encoding_windows-1251_declared.xml", SourceKind.FEED),
        ("sitemap_news.xml", SourceKind.SITEMAP),
        ("sitemap_index.xml", SourceKind.SITEMAP),
        ("sitemap_news.xml.gz", SourceKind.SITEMAP),
        ("section_page_mixed_links.html", SourceKind.PAGE),
        ("home_page_alternate_links.html", SourceKind.PAGE),
        ("telegram_channel_page.html", SourceKind.TELEGRAM),
    ],
)
def test_detect_kind_by_content(name: str, kind: SourceKind) -> None:
    # A neutral URL and no content type: the bytes alone decide.
    assert detect_kind((TESTDATA / name).read_bytes(), "http://127.0.0.1:9000/x") == kind


def test_detect_kind_sees_through_bom_comments_and_doctype() -> None:
    body = (
        b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- hi -->\n"
        b"<!DOCTYPE rss [<!ENTITY a 'b'>]>\n<rss/>"
    )
    assert detect_kind(body, "https://x.example/") == SourceKind.FEED


def test_detect_kind_reads_utf16_feeds() -> None:
    body = "\ufeff<?xml version='1.0' encoding='utf-16'?><feed/>".encode("utf-16-le")
    assert detect_kind(body, "https://x.example/") == SourceKind.FEED


def test_detect_kind_falls_back_to_url_then_content_type() -> None:
    assert detect_kind(b"", "https://t.me/s/valleywire") == SourceKind.TELEGRAM
    assert detect_kind(b"", "https://x.example/f", "application/atom+xml") == SourceKind.FEED
    assert detect_kind(b"", "https://x.example/f", "text/html; charset=utf-8") == SourceKind.PAGE
    assert detect_kind(b"\x00\x01binary", "https://x.example/f", "image/png") is None
    assert detect_kind(gzip.compress(b"plain words"), "https://x.example/f") is None


def test_discover_feeds_returns_declared_feeds_absolute_and_once() -> None:
    body = (TESTDATA / "home_page_alternate_links.html").read_bytes()
    assert discover_feeds(body, "https://northfield-herald.example/") == [
        "https://northfield-herald.example/en/feeds/top.rss",
        "https://northfield-herald.example/opinion/atom.xml",
        "https://northfield-herald.example/feed.json",
    ]


def test_discover_feeds_on_a_page_without_feeds() -> None:
    assert discover_feeds(b"<html><head></head></html>", "https://x.example/") == []


def test_common_feed_paths_are_absolute_paths() -> None:
    assert "/feed" in COMMON_FEED_PATHS
    assert "/sitemap_news.xml" in COMMON_FEED_PATHS
    assert all(path.startswith("/") for path in COMMON_FEED_PATHS)
