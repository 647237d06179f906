"""Feeds through the public ``parse_source`` entry point, one fixture per case."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.records import ParsedSource, SourceKind
from newsdesk.sources import SourceParseError, parse_source

TESTDATA = Path(__file__).parent / "testdata"
FR_TITLE = "Fête d'été à Valmont: crêpes et défilé"


def parse(name: str, url: str, charset: str | None = None) -> ParsedSource:
    body = (TESTDATA / name).read_bytes()
    return parse_source(SourceKind.FEED, body, url, charset=charset)


def test_rss2_resolves_relative_links_and_reads_enclosures() -> None:
    feed = parse("rss2_relative_links_enclosures.xml", "https://harbor-ledger.example/feeds/main")
    first, second = feed.items
    assert feed.title == "Harbor Ledger"
    assert feed.site_url == "https://harbor-ledger.example/"
    assert feed.language == "en-gb"
    assert first.url == "https://harbor-ledger.example/news/2024/03/05/ferry-service-resumes"
    assert first.guid == "harbor-ledger-4411"
    assert first.title == "Ferry service resumes after & despite the fog"
    assert first.summary == "The morning ferry to Gull Island sailed at last."
    assert first.published == datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    assert first.authors == ("Ana Pell",)
    assert first.tags == ("Transport", "Weather")
    assert first.image == "https://harbor-ledger.example/media/ferry.jpg"
    assert 'href="https://harbor-ledger.example/tags/ferries"' in (first.content_html or "")
    assert 'src="https://harbor-ledger.example/feeds/img/pier.jpg"' in (first.content_html or "")
    assert second.url == "https://harbor-ledger.example/feeds/news/2024/03/04/breakwater-approved"
    assert second.published == datetime(2024, 3, 4, 18, 30, tzinfo=UTC)  # no zone → UTC
    assert second.image == "https://cdn.harbor-ledger.example/breakwater.png"  # not the mp3


def test_rss1_rdf() -> None:
    feed = parse("rss1_rdf.xml", "https://millbrook-gazette.example/rss")
    assert feed.title == "Millbrook Gazette"
    assert [i.title for i in feed.items] == [
        "Volunteers clear the mill pond",
        "Corner bakery wins county prize",
    ]
    assert feed.items[0].published == datetime(2024, 2, 10, 9, 15, tzinfo=UTC)
    assert feed.items[1].published == datetime(2024, 2, 11, 12, 0, tzinfo=UTC)
    assert feed.items[0].authors == ("Tom Wexley",)


def test_rss091() -> None:
    feed = parse("rss091.xml", "http://pinewood-bulletin.example/rss")
    assert [i.url for i in feed.items] == [
        "http://pinewood-bulletin.example/notes/library-weekend-hours.html",
        "http://pinewood-bulletin.example/notes/cedar-lane-road-works.html",
    ]
    assert feed.items[0].summary == "Open until six on Saturdays from April."
    assert feed.language == "en-us"


def test_atom_with_xhtml_content_and_xml_base() -> None:
    feed = parse("atom_xhtml_content.xml", "https://quill-notes.example/atom.xml")
    (entry,) = feed.items
    assert entry.url == "https://quill-notes.example/blog/posts/bridge-opens-to-cyclists"
    assert entry.guid == "urn:uuid:quill-entry-81"
    assert entry.title == "Bridge finally opens to cyclists"
    assert entry.published == datetime(2024, 4, 1, 8, 0, tzinfo=UTC)
    assert entry.updated == datetime(2024, 4, 1, 11, 0, tzinfo=UTC)
    assert entry.tags == ("city", "cycling")
    assert entry.image == "https://quill-notes.example/images/bridge.png"
    html = entry.content_html or ""
    assert "<b>new</b>" in html
    assert 'href="https://quill-notes.example/blog/maps/bridge"' in html
    assert "xmlns" not in html
    assert feed.language == "en"


def test_json_feed_1_1_with_persian_item() -> None:
    feed = parse("jsonfeed_1_1.json", "https://lantern-daily.example/feed.json")
    english, persian = feed.items
    assert feed.title == "Lantern Daily"
    assert english.url == "https://lantern-daily.example/2024/05/01/night-market-returns"
    assert english.guid == "ld-901"
    assert english.image == "https://lantern-daily.example/img/night-market.jpg"
    assert english.published == datetime(2024, 5, 1, 16, 30, tzinfo=UTC)
    assert english.authors == ("Mina Ostrava",)
    assert english.language == "en"  # the feed's
    assert persian.title == "باران بهاری به شهر کوهستانی رسید"
    assert persian.language == "fa"
    assert persian.tags == ("آب‌وهوا",)
    assert persian.content_html is not None
    assert persian.content_html.count("<p>") == 2


def test_script_and_event_handlers_are_sanitised() -> None:
    feed = parse("rss2_script_in_description.xml", "https://trapdoor-weekly.example/rss")
    (item,) = feed.items
    assert item.summary == "Calm text"
    assert item.title == "Ordinary headline"
    html = (item.content_html or "").lower()
    for forbidden in ("<script", "onerror", "onclick", "javascript:", "<iframe", "evil.example"):
        assert forbidden not in html
    assert 'href="https://trapdoor-weekly.example/safe"' in html


def test_malformed_xml_recovers_items_with_a_warning() -> None:
    feed = parse("malformed_unclosed_tags_bad_entities.xml", "https://crooked-press.example/rss")
    titles = [i.title for i in feed.items]
    assert "Storm & sunshine on the same day" in titles
    assert "School choir tours the coast" in titles
    assert len(feed.items) >= 2
    assert any("not well-formed" in w for w in feed.warnings)


def test_html_page_offered_as_feed_names_the_feeds_it_links_to() -> None:
    with pytest.raises(SourceParseError) as caught:
        parse("html_page_offered_as_feed.html", "https://harbor-ledger.example/")
    message = str(caught.value)
    assert "HTML page, not a feed" in message
    assert "--kind page" in message
    assert "https://harbor-ledger.example/feeds/all.rss" in message
    assert "https://harbor-ledger.example/feeds/sport.atom" in message


@pytest.mark.parametrize(
    ("name", "charset", "title"),
    [
        ("encoding_windows-1251_declared.xml", None, "Новый паром вышел в море"),
        ("encoding_windows-1251_undeclared.xml", "windows-1251", "Новый паром вышел в море"),
        ("encoding_iso-8859-1_declared.xml", None, FR_TITLE),
        ("encoding_iso-8859-1_undeclared.xml", "ISO-8859-1", FR_TITLE),
        # The server's header is wrong, the declaration is right and the bytes agree with it.
        ("encoding_windows-1251_declared.xml", "utf-8", "Новый паром вышел в море"),
    ],
)
def test_legacy_encodings(name: str, charset: str | None, title: str) -> None:
    feed = parse(name, "https://example-outlet.example/rss", charset=charset)
    assert feed.items[0].title == title


def test_undeclared_legacy_encoding_without_header_is_guessed_with_a_warning() -> None:
    feed = parse("encoding_windows-1251_undeclared.xml", "https://example-outlet.example/rss")
    assert feed.title == "Вести Северного Залива"
    assert any("guess" in w for w in feed.warnings)


def test_empty_feed_has_no_items_and_no_error() -> None:
    feed = parse("empty_feed.xml", "https://quiet-valley.example/rss")
    assert feed.items == []
    assert feed.title == "Quiet Valley Notes"
    assert feed.warnings == []


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        (b"", "empty"),
        (b"just some words", "neither XML nor JSON"),
        (b"<?xml version='1.0'?><catalog><book/></catalog>", "not an RSS or Atom feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "not valid JSON"),
    ],
)
def test_unreadable_feeds_raise_a_clear_error(body: bytes, phrase: str) -> None:
    with pytest.raises(SourceParseError, match=phrase):
        parse_source(SourceKind.FEED, body, "https://x.example/feed")


def test_oversized_document_is_refused() -> None:
    body = b"<rss>" + b" " * (50 * 1024 * 1024)
    with pytest.raises(SourceParseError, match="limit"):
        parse_source(SourceKind.FEED, body, "https://x.example/feed")
