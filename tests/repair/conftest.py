from pathlib import Path

import pytest

TESTDATA = Path(__file__).parent / "testdata"


@pytest.fixture(scope="session")
def clean_paragraphs() -> list[str]:
    text = (TESTDATA / "clean_news_paragraphs.txt").read_text(encoding="utf-8")
    return [p for p in text.split("\n\n") if p.strip()]


@pytest.fixture(scope="session")
def tricky_lines() -> list[str]:
    text = (TESTDATA / "clean_tricky_tokens.txt").read_text(encoding="utf-8")
    return text.splitlines()
