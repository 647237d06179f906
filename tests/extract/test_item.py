"""Articles built from source items that carry their whole text (no page fetched)."""

from __future__ import annotations

from newsdesk.extract import article_from_item, credit_override, plain_text
from newsdesk.records import Credit, SourceItem


def test_plain_text_puts_one_blank_line_between_blocks() -> None:
    html = "<p>First  line.</p><div>Second<br>third</div><ul><li>Fourth</li></ul>"
    assert plain_text(html) == "First line.\n\nSecond\n\nthird\n\nFourth"
    assert plain_text("   ") == ""


def test_article_from_item_uses_the_item_fields() -> None:
    item = SourceItem(url="https://www.harborwire.example/p/1", title="Strike ends",
                      content_html="<p>Dock workers ended the strike.</p>",
                      summary="Workers back", authors=("Tomas Reyvel",), tags=("Ports",))
    article = article_from_item(item)
    assert article.title == "Strike ends"
    assert article.text == "Dock workers ended the strike."
    assert article.summary == "Workers back"
    assert article.authors == ["Tomas Reyvel"]
    assert article.publisher == "harborwire.example"


def test_article_from_item_without_title_takes_the_first_paragraph() -> None:
    item = SourceItem(url="https://t.me/s/channel/5", summary="<p>Port reopens.</p><p>More.</p>")
    article = article_from_item(item)
    assert article.title == "Port reopens."
    assert article.summary == ""


def test_credit_override_splits_outlet_and_desk() -> None:
    assert credit_override("Example News Agency, Economy Desk") == Credit(
        "Example News Agency", "Economy Desk")
    assert credit_override("Harbor Wire") == Credit("Harbor Wire")


def test_links_in_lists_web_links_once() -> None:
    from newsdesk.extract import links_in

    html = ('<p>Read <a href="https://meridian.example/a/1">the story</a> and'
            ' <a href="https://meridian.example/a/1">again</a>, <a href="#top">top</a>,'
            ' <a href="javascript:alert(1)">x</a>, <a href="http://lantern.example/b">b</a></p>')
    assert links_in(html) == ["https://meridian.example/a/1", "http://lantern.example/b"]
    assert links_in("") == []
