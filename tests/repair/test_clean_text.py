"""Good text must come out byte for byte the same, with no edits."""

import random

import pytest

from newsdesk.repair import damage_score, repair_text

from .conftest import TESTDATA

NAMES = ["Farahani", "Sulaymaniyah", "Kowalczyk", "Nguyen", "Oyelaran", "Zubrakowski", "Tomasson"]


def test_clean_corpus_is_unchanged(clean_paragraphs: list[str]) -> None:
    assert len(clean_paragraphs) >= 300
    for paragraph in clean_paragraphs:
        result = repair_text(paragraph)
        assert result.text == paragraph
        assert result.edits == []


def test_clean_article_text_as_one_block_is_unchanged(clean_paragraphs: list[str]) -> None:
    article = "\n\n".join(clean_paragraphs[:80])
    assert repair_text(article).text == article


def test_shuffled_sentences_with_names_are_unchanged(clean_paragraphs: list[str]) -> None:
    # Property-style: random recombinations of clean sentences, with names swapped in.
    sentences = [s for p in clean_paragraphs for s in p.split(". ")]
    rng = random.Random(5)
    for _ in range(200):
        picked = rng.sample(sentences, 4)
        name = rng.choice(NAMES)
        text = ". ".join(f"{s} {name}" if i % 2 else s for i, s in enumerate(picked))
        assert repair_text(text).text == text


@pytest.mark.parametrize("line_number", range(14))
def test_tricky_tokens_are_untouched(tricky_lines: list[str], line_number: int) -> None:
    line = tricky_lines[line_number]
    assert repair_text(line).text == line


def test_persian_and_arabic_are_untouched() -> None:
    text = (TESTDATA / "clean_persian_arabic.txt").read_text(encoding="utf-8")
    result = repair_text(text)
    assert result.text == text
    assert result.edits == []


def test_clean_text_scores_little_damage(clean_paragraphs: list[str]) -> None:
    # Weak suspects such as the brand "BrightPath" count a little, but are never edited.
    scores = [damage_score(p) for p in clean_paragraphs[:100]]
    assert max(scores) < 0.05
    assert sum(scores) / len(scores) < 0.01


@pytest.mark.parametrize("name", NAMES)
def test_names_alone_are_never_split(name: str) -> None:
    text = f"The talks were led by {name} on Monday."
    assert repair_text(text).text == text


@pytest.mark.parametrize(
    "word",
    ["notwithstanding", "goodwill", "takeover", "wildfire", "nowhere", "shipbuilders",
     "counterprotesters", "YouTube", "PlayStation", "McAllister", "iPhone", "COVID19", "mp3"],
)  # fmt: skip
def test_compounds_brands_and_codes_alone_are_not_split(word: str) -> None:
    text = f"The report mentioned {word} only in passing, officials said."
    assert repair_text(text).text == text
