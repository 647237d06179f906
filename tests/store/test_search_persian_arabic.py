"""Persian and Arabic text: letter variants, diacritics, ZWNJ and digits match either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.records import Article
from newsdesk.store import Store
from newsdesk.store.fulltext import index_text, query_terms


@pytest.fixture(autouse=True)
def _search_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_SEARCH_DIR", str(tmp_path / "search"))


def _save(store: Store, slug: str, title: str, text: str, language: str) -> None:
    store.save_article(Article(url=f"https://akhbar.example/{slug}", title=title, text=text,
                               language=language), source_id=None, fetch_id=None)


@pytest.fixture
def desk(store: Store) -> Store:
    # Persian, written with Persian ی and ک, a ZWNJ in می‌رود and Persian digits.
    _save(store, "fa", "کشتی باری به بندر نیلگون می‌رسد",
          "کارکنان بندر نیلگون گفتند کشتی تا ۱۴۰۵ تعمیر می‌شود.", "fa")
    # Arabic, written with Arabic ي and ك, diacritics, tatweel and Arabic-Indic digits.
    _save(store, "ar", "وَزِيرُ المـــاء يَفْتَتِحُ سَدَّ الكَرْمَة",
          "قال الوزير إن السد سيخدم ٤٥٠ قرية في مدينة الكرمة.", "ar")
    return store


@pytest.mark.parametrize("query", [
    "كشتي",  # Arabic kaf and yeh for کشتی
    "کشتی",
    "ميرسد",  # no ZWNJ, Arabic yeh
    "می‌رسد",
    "1405",  # ASCII digits for ۱۴۰۵
    "١٤٠٥",  # Arabic-Indic digits for ۱۴۰۵
])
def test_persian_article_found_however_the_query_is_typed(desk: Store, query: str) -> None:
    assert [a.article.language for a in desk.search(query)] == ["fa"]


@pytest.mark.parametrize("query", [
    "وزير الماء",  # undiacritised, no tatweel
    "وزیر",  # Persian yeh for Arabic ي
    "الکرمه",  # Persian kaf, heh for teh marbuta
    "450",
    "۴۵۰",  # Persian digits for Arabic-Indic ٤٥٠
    "ان السد",  # bare alef for إن
])
def test_arabic_article_found_however_the_query_is_typed(desk: Store, query: str) -> None:
    assert [a.article.language for a in desk.search(query)] == ["ar"]


def test_language_filter_keeps_scripts_apart(desk: Store) -> None:
    assert desk.search("بندر", language="ar") == []
    assert len(desk.search("بندر", language="fa")) == 1


@pytest.mark.parametrize(("written", "folded"), [
    ("می\u200cروم", "میروم"),
    ("كتاب", "کتاب"),
    ("مدرسة", "مدرسه"),
    ("أحمد إبراهيم آمنة", "احمد ابراهیم امنه"),
    ("عَلِيٌّ", "علی"),
    ("ســــلام", "سلام"),
    ("۱۲۳ ٤٥٦", "123 456"),
    ("Café RÉSUMÉ", "cafe resume"),
    ("snake_case\u200bword", "snake caseword"),
])
def test_index_text_folds_variants(written: str, folded: str) -> None:
    assert index_text(written) == folded


def test_query_terms_are_distinct_and_capped() -> None:
    assert query_terms("Harbour harbour HARBOUR budget") == ["harbour", "budget"]
    assert len(query_terms(" ".join(f"w{n}" for n in range(500)))) == 32
    assert query_terms('"(AND ') == ["and"]
