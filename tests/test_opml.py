"""Reading and writing OPML files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.opml import MAX_OPML_BYTES, OpmlError, Outline, read_opml, write_opml

DATA = Path(__file__).parent / "testdata" / "opml"


def test_nested_outlines_become_folders() -> None:
    outlines = read_opml((DATA / "nested_folders.opml").read_bytes())
    by_title = {o.title: o for o in outlines}
    assert by_title["Meridian Press Agency"].folder == "News/Agencies"
    assert by_title["Meridian Press Agency"].html_url == "https://meridian.example/"
    assert by_title["خبرگزاری نمونه"].folder == "News/خبرگزاری‌ها"
    assert by_title["Lantern Daily"].folder is None
    assert len(outlines) == 9  # the empty folder is no subscription


def test_opml_1_with_lowercase_attributes_and_latin1() -> None:
    [outline] = read_opml((DATA / "version_1.opml").read_bytes())
    assert (outline.title, outline.url) == ("Café Sur", "https://cafesur.example/rss")
    assert outline.html_url == "https://cafesur.example"


def test_write_then_read_keeps_everything() -> None:
    original = [
        Outline("https://a.example/rss", "A", "https://a.example/", "News/Agencies", "feed"),
        Outline("https://t.me/s/lantern", "Lantern channel", None, "Channels", "telegram"),
        Outline("https://b.example/rss", "B", None, None, "sitemap"),
    ]
    again = read_opml(write_opml(original))
    assert [(o.url, o.title, o.html_url, o.folder, o.kind) for o in again] == [
        (o.url, o.title, o.html_url, o.folder, o.kind) for o in original]


@pytest.mark.parametrize(("data", "message"), [
    (b"<opml><body><outline", "not well-formed"),
    (b"<rss version='2.0'/>", "not <opml>"),
    (b"<opml version='2.0'><head/></opml>", "no <body>"),
    (b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><opml><body>"
     b"<outline xmlUrl='https://x.example/&e;'/></body></opml>", ""),
])
def test_bad_files_are_clear_errors(data: bytes, message: str) -> None:
    try:
        outlines = read_opml(data)
    except OpmlError as exc:
        assert message in str(exc)
    else:  # the external entity must never be read
        assert all("root:" not in o.url for o in outlines)


def test_huge_file_refused() -> None:
    with pytest.raises(OpmlError, match="refused"):
        read_opml(b" " * (MAX_OPML_BYTES + 1))
