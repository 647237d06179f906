"""Telegram post text: escaping, allowed tags only, limits, trimming at a word."""

from __future__ import annotations

import re

from newsdesk.publish.telegram_text import CAPTION_LIMIT, MESSAGE_LIMIT, compose, trim, units


def visible(html_text: str) -> str:
    text = re.sub(r"</?(b|i|a)( [^>]*)?>", "", html_text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_escapes_text_and_uses_only_b_i_a() -> None:
    post = compose(title="Tolls <up> & down", lede="Fares rise by 5% > inflation",
                   credit="Vell & Co <Wire>", link='https://vell.example/a?x=1&y="2"',
                   outlet="Vell Daily")
    assert "<b>Tolls &lt;up&gt; &amp; down</b>" in post.text
    assert "Fares rise by 5% &gt; inflation" in post.text
    assert "<i>Originally reported by Vell &amp; Co &lt;Wire&gt;</i>" in post.text
    assert 'href="https://vell.example/a?x=1&amp;y=&quot;2&quot;"' in post.text
    assert set(re.findall(r"</?([a-z]+)", post.text)) == {"b", "i", "a"}


def test_long_lede_is_trimmed_at_a_word_to_fit_a_message() -> None:
    lede = " ".join(["harbour"] * 2000)
    post = compose(title="Long", lede=lede, credit="Gull Wire", link="https://g.example/1",
                   outlet="Gull Wire")
    assert units(visible(post.text)) <= MESSAGE_LIMIT
    assert post.visible_length == units(visible(post.text))
    assert "harbour…" in post.text and "harbou…" not in post.text
    assert post.text.endswith("</a>")  # credit and link survive the trim


def test_caption_limit_applies_with_an_image() -> None:
    post = compose(title="Moth", lede="wings " * 600, credit=None, link="https://t.example/m",
                   outlet=None, image="https://t.example/m.jpg")
    assert units(visible(post.text)) <= CAPTION_LIMIT
    assert post.image == "https://t.example/m.jpg"


def test_limit_counts_utf16_units() -> None:
    emoji_lede = "🌊 " * 3000  # each wave is two UTF-16 units
    post = compose(title="Tide", lede=emoji_lede, credit=None, link="https://t.example",
                   outlet=None)
    assert units(visible(post.text)) <= MESSAGE_LIMIT


def test_trim() -> None:
    assert trim("short text", 50) == "short text"
    assert trim("the quick brown fox", 12) == "the quick…"
    assert units(trim("x" * 100, 10)) <= 10
