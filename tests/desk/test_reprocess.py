"""A correction made in the desk survives `newsdesk reprocess` (extraction run again over the
kept page), on both stores."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from newsdesk import cli
from newsdesk.records import Credit, FetchResult
from newsdesk.store import Store
from newsdesk.store.curation import credit_text
from tests.desk.conftest import make_app

PAGE = """<!doctype html><html lang="en"><head><title>Lighthouse keeper retires - Gullhaven
Wire</title><meta property="og:title" content="Lighthouse keeper retires"></head><body>
<article><h1>Lighthouse keeper retires</h1>
<p>Gullhaven Wire, Coast Desk: After forty winters on Skarra Point, keeper Maren Holt climbed
the tower stairs for the last time on Friday, handing the lamp to the automatic beacon.</p>
<p>Holt said the sea had taught her patience, and that the gulls would miss her bread more
than the ships would miss her lamp. The harbour board thanked her in a short ceremony.</p>
<p>The tower opens to visitors next spring, when the board plans a small museum of the
lighthouse's logbooks, lenses and the keeper's own photographs of the storms.</p>
</article></body></html>"""


def test_reprocess_keeps_the_operators_title_and_credit(store: Store, tmp_path: Path,
                                                        capsys: object) -> None:
    app = make_app(store, tmp_path)
    source = store.add_source("https://gullhaven.example/rss", name="Gullhaven Wire",
                              kind="feed", interval_s=600)
    page = FetchResult(url="https://gullhaven.example/keeper", status=200,
                       final_url="https://gullhaven.example/keeper",
                       headers={"content-type": "text/html; charset=utf-8"},
                       body=PAGE.encode(), fetched_at=datetime.now(UTC), charset="utf-8")
    fetch_id = store.save_fetch(page, source.id)
    article = app.pipeline.extract_page(page, source=source)
    done = app.pipeline.process(article, source=source, fetch_id=fetch_id)
    assert store.get_article(done.article_id).article.title == "Lighthouse keeper retires"
    store.correct_article(done.article_id, "title", "Skarra Point keeper retires after 40"
                          " winters", by="ada")
    store.correct_article(done.article_id, "credit", credit_text(Credit("Coastline Agency")),
                          by="ada")

    assert cli.main(["--db", store.url, "--data-dir", str(tmp_path), "-q", "reprocess"]) == 0

    kept = store.get_article(done.article_id)
    assert kept.article.title == "Skarra Point keeper retires after 40 winters"
    assert kept.article.original_source == Credit("Coastline Agency")
    assert kept.revision == 1  # re-extraction found nothing new to keep
    assert "forty winters" in kept.article.text
    story = store.get_story(kept.story_id or 0)
    assert story.title == "Skarra Point keeper retires after 40 winters"
