"""What a WordPress post says about a story: clean HTML, the credit line, excerpt, date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.publish.wordpress.content import StoryPost, body_html, excerpt, post_fields

SEEN = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def story(**kw: object) -> StoryPost:
    fields: dict[str, object] = dict(
        story_key="3/20261129T090000000000", title="Budget passes", summary="",
        text="The council approved the budget.", credit="Example News Agency",
        link="https://wire.example/budget", outlet="wire.example", first_seen=SEEN)
    fields.update(kw)
    return StoryPost(**fields)  # type: ignore[arg-type]


def test_markup_in_the_text_stays_text() -> None:
    html = body_html(story(text='Mayor says <script>alert(1)</script> "no"\n\n'
                                '<a href="javascript:x()">click</a>'))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<a href=\"javascript" not in html


def test_a_link_that_is_not_http_is_dropped() -> None:
    html = body_html(story(link="javascript:alert(1)", outlet="Trick"))
    assert "javascript" not in html
    assert "Read it at Trick" in html


def test_the_credit_line_speaks_the_sites_language() -> None:
    html = body_html(story(credit="خبرگزاری نمونه", language="fa",
                           text="بودجه تصویب شد."), interface="fa")
    assert html.startswith('<div lang="fa" dir="rtl">\n<p>بودجه تصویب شد.</p>\n</div>')
    assert "نخستین گزارش از <strong>خبرگزاری نمونه</strong>" in html
    assert "خواندن در wire.example" in html


def test_no_credit_still_links_the_source() -> None:
    html = body_html(story(credit=None))
    assert html.endswith('<p class="newsdesk-credit"><a href="https://wire.example/budget"'
                         ' rel="noopener">Read it at wire.example</a></p>')


def test_the_excerpt_falls_back_to_the_first_prose_paragraph() -> None:
    text = ("Share this story\n\nThe council approved the budget on Tuesday after a debate"
            " that lasted well into the night.\n\nMore follows.")
    assert excerpt("", text).startswith("The council approved the budget on Tuesday")
    long = "word " * 300
    cut = excerpt(long, "")
    assert len(cut) <= 601 and cut.endswith("word…")


def test_the_date_is_the_origins_and_never_in_the_future() -> None:
    published = SEEN - timedelta(hours=2)
    assert post_fields(story(published=published), status="publish")["date_gmt"] == (
        "2026-11-29T07:00:00")
    ahead = post_fields(story(published=SEEN + timedelta(hours=5)), status="publish")
    assert ahead["date_gmt"] == "2026-11-29T09:00:00"  # a wrong zone at the source


def test_titles_are_escaped_as_wordpress_keeps_them() -> None:
    fields = post_fields(story(title="Rates <up> & away"), status="draft")
    assert fields["title"] == "Rates &lt;up&gt; &amp; away"
    assert fields["status"] == "draft"
    assert fields["meta"] == {"newsdesk_story": "3/20261129T090000000000",
                              "newsdesk_credit": "Example News Agency",
                              "newsdesk_source_url": "https://wire.example/budget"}
