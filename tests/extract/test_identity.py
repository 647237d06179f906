"""A canonical URL on another site is evidence of the origin, not the article's identity."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.app import App
from newsdesk.config import load_config
from newsdesk.extract import extract_article

BODY = """<article><h1>Dock strike ends after nine days</h1>
<p>Dock workers at the port of Examplehaven ended a nine-day strike on Tuesday after the port
authority agreed to a new shift pattern and a three percent raise.</p>
<p>Cargo ships that had waited outside the harbour began to berth within hours, the harbour
master said, and the backlog should clear by the weekend.</p></article>"""


def _page(canonical: str, og_url: str | None = None) -> str:
    og = f'<meta property="og:url" content="{og_url}">' if og_url else ""
    return (f'<html lang="en"><head><title>Dock strike ends after nine days</title>'
            f'<link rel="canonical" href="{canonical}">{og}</head><body>{BODY}</body></html>')


@pytest.mark.parametrize("canonical", [
    "https://www.harbourwire.example/2026/dock-strike",
    "https://amp.harbourwire.example/2026/dock-strike",
    "https://edition.harbourwire.example/dock-strike?ref=rss",
])
def test_a_canonical_on_the_same_site_is_the_identity(canonical: str) -> None:
    article = extract_article(_page(canonical), "https://harbourwire.example/2026/dock-strike")
    assert (article.canonical_url, article.origin_url) == (canonical, None)


def test_a_canonical_on_another_site_is_kept_as_origin_evidence() -> None:
    agency = "https://www.harbourwire.example/2026/dock-strike"
    article = extract_article(_page(agency), "https://dailygazette.example/world/dock-strike")
    assert (article.canonical_url, article.origin_url) == (None, agency)


def test_an_og_url_on_another_site_counts_the_same() -> None:
    page = _page("", og_url="https://harbourwire.example/dock").replace(
        '<link rel="canonical" href="">', "")
    article = extract_article(page, "https://dailygazette.example/world/dock-strike")
    assert (article.canonical_url, article.origin_url) == (None, "https://harbourwire.example/dock")


def test_a_republisher_declaring_the_agencys_canonical_keeps_its_own_row(tmp_path: Path) -> None:
    agency_url = "https://harbourwire.example/2026/dock-strike"
    app = App.open(load_config(db=str(tmp_path / "n.db")))
    try:
        agency = app.pipeline.process(extract_article(_page(agency_url), agency_url))
        copy = app.pipeline.process(
            extract_article(_page(agency_url), "https://dailygazette.example/world/dock"))
        assert agency.article_id != copy.article_id
        assert copy.article_id is not None
        stored = app.store.get_article(copy.article_id).article
        assert stored.url == "https://dailygazette.example/world/dock"
        assert stored.origin_url == agency_url
    finally:
        app.close()
