"""Telegram post text from a template: escaping, allowed tags only, empty blocks dropped,
limits counted as Telegram counts them, trimming at a word."""

from __future__ import annotations

import re

import pytest

from newsdesk.publish.telegram_text import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    PostTemplate,
    TemplateError,
    trim,
    units,
    visible_length,
)

DEFAULT = PostTemplate.parse(None)


def values(**given: str) -> dict[str, str]:
    base = {"title": "Night ferry resumes", "summary": "The ferry sails again.",
            "credit": "Gull Wire", "link": "https://g.example/1", "link_text": "Read at Gull Wire",
            "hashtags": ""}
    return {**base, **given}


def test_escapes_values_and_uses_only_the_template_tags() -> None:
    post = DEFAULT.render(values(title="Tolls <up> & down", summary="Fares rise 5% > inflation",
                                 credit="Vell & Co <Wire>",
                                 link='https://vell.example/a?x=1&y="2"'), MESSAGE_LIMIT)
    assert "<b>Tolls &lt;up&gt; &amp; down</b>" in post
    assert "Fares rise 5% &gt; inflation" in post
    assert "<i>Originally reported by Vell &amp; Co &lt;Wire&gt;</i>" in post
    assert 'href="https://vell.example/a?x=1&amp;y=&quot;2&quot;"' in post
    assert set(re.findall(r"</?([a-z]+)", post)) == {"b", "i", "a"}


def test_a_block_whose_fields_are_all_empty_is_left_out() -> None:
    post = DEFAULT.render(values(credit="", hashtags=""), MESSAGE_LIMIT)
    assert "Originally reported" not in post
    assert post == ("<b>Night ferry resumes</b>\n\nThe ferry sails again.\n\n"
                    '<a href="https://g.example/1">Read at Gull Wire</a>')


def test_an_operator_template_with_hashtags_and_fixed_text() -> None:
    template = PostTemplate.parse("{title}\\n\\n🔗 {link}\\n\\n{hashtags} #gullhaven")
    post = template.render(values(hashtags="#ferry #islands"), MESSAGE_LIMIT)
    assert post == "Night ferry resumes\n\n🔗 https://g.example/1\n\n#ferry #islands #gullhaven"


@pytest.mark.parametrize(("text", "complaint"), [
    ("{title} {author}", "unknown fields ['author']"),
    ("<h1>{title}</h1>", "does not allow the tags ['h1']"),
    ("  \n\n ", "empty"),
])
def test_templates_telegram_would_refuse_are_refused_with_a_reason(text: str,
                                                                   complaint: str) -> None:
    with pytest.raises(TemplateError, match=re.escape(complaint)):
        PostTemplate.parse(text)


def test_long_summary_is_trimmed_at_a_word_to_fit_a_message() -> None:
    post = DEFAULT.render(values(summary=" ".join(["harbour"] * 2000)), MESSAGE_LIMIT)
    assert visible_length(post) <= MESSAGE_LIMIT
    assert "harbour…" in post and "harbou…" not in post
    assert post.endswith("</a>")  # credit and link survive the trim
    assert "Originally reported by Gull Wire" in post


def test_caption_limit_and_utf16_units() -> None:
    post = DEFAULT.render(values(summary="🌊 " * 3000), CAPTION_LIMIT)  # two units each
    assert visible_length(post) <= CAPTION_LIMIT
    assert visible_length(post) > CAPTION_LIMIT - 20


def test_trim() -> None:
    assert trim("short text", 50) == "short text"
    assert trim("the quick brown fox", 12) == "the quick…"
    assert units(trim("x" * 100, 10)) <= 10
