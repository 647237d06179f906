"""Damaged text is restored."""

import pytest

from newsdesk.repair import apply_edits, repair_text


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("thecabinetapprovedthenewbudget", "the cabinet approved the new budget"),
        ("reforms.Meanwhile,the minister", "reforms. Meanwhile, the minister"),
        ("FranceandGermany signed.", "France and Germany signed."),
        ("in2024the cabinet met", "in 2024 the cabinet met"),
        ("Thecabinetmetonmonday.", "The cabinet met on monday."),
        ("It was theso-calledreform plan.", "It was the so-called reform plan."),
        ("the minister said:The deal is done", "the minister said: The deal is done"),
        ("“We will win,”saidthe minister.", "“We will win,” said the minister."),
        ("They met in June5,2024 in the capital.", "They met in June 5, 2024 in the capital."),
        ('He said,"We will win,"and left.', 'He said, "We will win," and left.'),
        ("prices rose3%in the year", "prices rose 3% in the year"),
    ],
)
def test_missing_spaces_are_restored(damaged: str, expected: str) -> None:
    result = repair_text(damaged)
    assert result.text == expected
    assert apply_edits(damaged, result.edits) == result.text


@pytest.mark.parametrize("name", ["Farahani", "Sulaymaniyah", "Kowalczyk", "Nguyen", "Oyelaran"])
def test_names_survive_repair_of_damage_around_them(name: str) -> None:
    damaged = f"Theministersaidthat {name} wouldleadthetalks.Meanwhile,the"
    result = repair_text(damaged)
    assert f" {name} " in result.text
    assert result.text.startswith("The minister said that")


def test_glued_name_splits_only_at_the_word_boundary() -> None:
    damaged = "Thecabinetmetandthentheministersaid Farahani willleadthetalks.Sulaymaniyahwaits."
    text = repair_text(damaged).text
    assert "Farahani" in text and "Sulaymaniyah" in text
    assert "the cabinet met".lower() in text.lower()


def test_decimals_times_urls_and_abbreviations_stay_in_damaged_text() -> None:
    damaged = "Theministersaidpricesroseby3.5 percent at10:30 in theU.S. andon example.com today"
    text = repair_text(damaged).text
    assert text == (
        "The minister said prices rose by 3.5 percent at 10:30 in the U.S. and on example.com today"
    )


def test_edits_record_original_offsets() -> None:
    damaged = "reforms.Meanwhile,the"
    edits = repair_text(damaged, field="summary").edits
    assert [(e.field, e.offset, e.before, e.after) for e in edits] == [
        ("summary", 8, "", " "),
        ("summary", 18, "", " "),
    ]


def test_damage_scores_fall_after_repair() -> None:
    result = repair_text("thecabinetapprovedthenewbudget on monday")
    assert result.damage_before > 0.0
    assert result.damage_after == 0.0
