"""Golden tests for the credit forms real outlets use, one data file per language.

``testdata/credits/<language>.json`` pairs body lines with the credit ``find_credit`` must
return (given the page's ``own_names``, if any) and the indexes of pure credit lines it
must mark for removal. Add a case there when
a real outlet writes its credit a new way (invent the outlet and the story).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.extract import find_credit
from newsdesk.records import Credit

FOLDER = Path(__file__).parent / "testdata" / "credits"
CASES = [(path.stem, case) for path in sorted(FOLDER.glob("*.json"))
         for case in json.loads(path.read_text("utf-8"))["cases"]]


def test_every_language_with_patterns_has_golden_credit_cases() -> None:
    assert {language for language, _ in CASES} >= {"en", "fa", "ar"}


@pytest.mark.parametrize(("language", "case"), CASES,
                         ids=[f"{language}-{case['case']}" for language, case in CASES])
def test_credit_form(language: str, case: dict) -> None:
    credit, removed = find_credit(case["lines"], language, own_names=case.get("own_names", ()))
    expected = case["credit"]
    assert credit == (Credit(expected["name"], expected["desk"]) if expected else None)
    assert removed == case["removed"]
