"""Search finds what readers type: word forms by each article's language, one result per
story with its outlets, filters by section and date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.records import Article
from newsdesk.store import Store
from newsdesk.store.fulltext.stemming import query_alternatives, search_text
from newsdesk.store.publishing import ArticleFilter

DAY = datetime.now(UTC).replace(hour=5, minute=0, second=0, microsecond=0) - timedelta(days=3)


@pytest.fixture(autouse=True)
def _search_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_SEARCH_DIR", str(tmp_path / "search"))


def _save(store: Store, slug: str, title: str, text: str, language: str = "en", *,
          source: int | None = None, hours: int = 0) -> int:
    return store.save_article(Article(
        url=f"https://outlet.example/{slug}", title=title, text=text, language=language,
        publisher=slug.split("-")[0], published=DAY + timedelta(hours=hours)),
        source_id=source, fetch_id=None).id


def test_harbour_budget_finds_harbours_and_budgets(store: Store) -> None:
    _save(store, "a", "Council argues over harbours", "The budgets for both harbours grew.")
    _save(store, "b", "Ferry timetable", "Nothing about money here.")
    assert [a.article.title for a in store.search("harbour budget")] == [
        "Council argues over harbours"]
    assert len(store.search("Harbours")) == 1 and len(store.search("budgeted")) == 1


def test_arabic_words_match_across_prefixes_and_suffixes(store: Store) -> None:
    _save(store, "ar", "افتتاح المدرسة الجديدة", "قال المعلمون إن المدارس جاهزة.", "ar")
    for query in ("مدرسة", "المدرسه", "مدرسه", "المعلمون"):
        assert [a.article.language for a in store.search(query)] == ["ar"], query


def test_persian_keeps_its_folding_and_is_not_stemmed_as_arabic(store: Store) -> None:
    _save(store, "fa", "کتاب‌های تازه در نمایشگاه", "ناشران کتاب‌ها را آوردند.", "fa")
    assert len(store.search("كتابهاي")) == 1  # Arabic kaf and yeh, no ZWNJ
    assert search_text("کتاب‌ها", "fa") == "کتابها"  # folded, never stemmed


def test_a_query_word_is_tried_in_the_index_languages_of_its_script() -> None:
    forms = query_alternatives("harbours المدارس ۱۴۰۵", frozenset({"en", "ar", "ru"}))
    assert forms == [["harbours", "harbour"], ["المدارس", "مدارس"], ["1405"]]
    assert query_alternatives("harbours", frozenset()) == [["harbours"]]


def test_copies_of_a_story_come_back_once_with_their_outlets(store: Store) -> None:
    ids = [_save(store, f"{outlet}-strike", "Dock strike ends after talks",
                 "Dockers return to work after the harbour talks.", hours=n)
           for n, outlet in enumerate(("wire", "courier", "post"))]
    lone = _save(store, "blog-strike", "Why the dock strike mattered", "Harbour talks, again.")
    story = store.create_story("Dock strike ends after talks", ids[0])
    for article_id in ids:
        store.assign_story(article_id, story, "copy")
    found = store.search_stories("harbour talks")
    assert len(found) == 2
    grouped = next(m for m in found if m.story)
    assert grouped.story and grouped.story.id == story and grouped.story.article_count == 3
    assert sorted(a.article.publisher for a in grouped.articles) == ["courier", "post", "wire"]
    alone = next(m for m in found if m.story is None)
    assert alone.best.id == lone
    assert [m.best.id for m in store.search_stories("harbour talks", offset=1)] == [
        found[1].best.id]


def test_stories_filtered_by_section_and_days(store: Store) -> None:
    wires = store.add_source("https://wire.example/rss", name="Wire", kind="feed",
                             interval_s=600, folder="Wires/Nordic")
    local = store.add_source("https://local.example/rss", name="Local", kind="feed",
                             interval_s=600, folder="Local")
    _save(store, "wire-tide", "Tide tables", "The harbour tide tables.", source=wires.id)
    _save(store, "local-tide", "Tide fair", "The harbour tide fair.", source=local.id,
          hours=30)
    in_wires = store.search_stories("tide", ArticleFilter(folder="Wires"))
    assert [m.best.article.title for m in in_wires] == ["Tide tables"]
    later = store.search_stories("tide", ArticleFilter(since=DAY + timedelta(hours=24)))
    assert [m.best.article.title for m in later] == ["Tide fair"]
