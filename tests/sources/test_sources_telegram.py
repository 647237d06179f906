"""Telegram channel preview pages through ``parse_source``."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.records import SourceKind
from newsdesk.sources import SourceParseError, parse_source

TESTDATA = Path(__file__).parent / "testdata"


def read() -> bytes:
    return (TESTDATA / "telegram_channel_page.html").read_bytes()


def test_posts_become_items() -> None:
    channel = parse_source(SourceKind.TELEGRAM, read(), "https://t.me/s/valleywire")
    text_post, photo_post, persian_post = channel.items
    assert channel.title == "Valley Wire"
    assert text_post.url == "https://t.me/valleywire/1041"
    assert text_post.guid == "valleywire/1041"
    assert text_post.title == "Dam inspection finds no cracks after the storm"
    assert text_post.published == datetime(2024, 6, 14, 7, 45, tzinfo=UTC)
    html = text_post.content_html or ""
    assert 'href="https://valley-wire.example/2024/06/14/dam-inspection"' in html
    assert "<b>Full report</b>" in html
    assert "onclick" not in html
    assert text_post.image is None
    assert photo_post.image == "https://cdn.telegram-media.example/file/valley-orchard.jpg"
    assert photo_post.title is not None
    assert len(photo_post.title) <= 120
    assert photo_post.title.endswith("…")
    assert photo_post.title.startswith("The apple orchards on the east slope")
    assert persian_post.title == "گزارش کامل بازرسی سد منتشر شد"  # not the quoted reply
    assert persian_post.image == "https://cdn.telegram-media.example/file/dam-preview.jpg"


def test_next_page_asks_for_posts_before_the_oldest() -> None:
    channel = parse_source(SourceKind.TELEGRAM, read(), "https://t.me/s/valleywire?before=1050")
    assert channel.next_page == "https://t.me/s/valleywire?before=1041"


def test_post_urls_follow_the_page_host() -> None:
    channel = parse_source(SourceKind.TELEGRAM, read(), "http://127.0.0.1:8765/s/valleywire")
    assert channel.items[0].url == "http://127.0.0.1:8765/valleywire/1041"
    assert channel.next_page == "http://127.0.0.1:8765/s/valleywire?before=1041"


def test_channel_page_without_posts_has_no_next_page() -> None:
    body = b'<html><body><div class="tgme_channel_info">Empty channel</div></body></html>'
    channel = parse_source(SourceKind.TELEGRAM, body, "https://t.me/s/quiet")
    assert channel.items == []
    assert channel.next_page is None


def test_page_that_is_not_telegram_is_refused() -> None:
    with pytest.raises(SourceParseError, match=r"t\.me/s/NAME"):
        parse_source(SourceKind.TELEGRAM, b"<html><p>hi</p></html>", "https://t.me/s/x")
