"""Mojibake, whitespace and quote repairs."""

import pytest

from newsdesk.repair import apply_edits, repair_text


def test_mojibake_is_fixed_and_edits_apply() -> None:
    damaged = "The minister said â€œweâ€™ll winâ€\x9d on Monday in SÃ£o Paulo."
    result = repair_text(damaged)
    assert result.text == "The minister said “we’ll win” on Monday in São Paulo."
    assert apply_edits(damaged, result.edits) == result.text
    assert result.damage_before > result.damage_after


def test_mojibake_and_missing_spaces_together() -> None:
    damaged = "Ã‰lodie said the cabinetapprovedthenewbudget.Meanwhile,the"
    result = repair_text(damaged)
    assert result.text == "Élodie said the cabinet approved the new budget. Meanwhile, the"
    assert apply_edits(damaged, result.edits) == result.text


def test_whitespace_runs_are_folded_but_paragraphs_kept() -> None:
    damaged = "The  cabinet\tmet.   \n\n\n\nIt  adjourned."
    result = repair_text(damaged)
    assert result.text == "The cabinet met.\n\nIt adjourned."
    assert apply_edits(damaged, result.edits) == result.text


# Each ASCII case on its own: the quick check for plainly spaced text must let every one
# through to the folding, and leave the plain ones (the last three) as they are.
@pytest.mark.parametrize(("damaged", "repaired"), [
    ("The cabinet  met.", "The cabinet met."),
    ("The cabinet met. \nIt adjourned.", "The cabinet met.\nIt adjourned."),
    ("The cabinet\tmet.", "The cabinet met."),
    ("The cabinet met.\n\n\nIt adjourned.", "The cabinet met.\n\nIt adjourned."),
    ("The cabinet met. \x0b\nIt adjourned.", "The cabinet met.\nIt adjourned."),
    ("The cabinet met.\r\nIt adjourned.", "The cabinet met.\r\nIt adjourned."),
    ("The cabinet met.\nIt adjourned. ", "The cabinet met.\nIt adjourned. "),
    ("The cabinet met.\n\nIt adjourned.", "The cabinet met.\n\nIt adjourned."),
])
def test_stray_whitespace_is_folded_and_plain_whitespace_kept(damaged: str, repaired: str) -> None:
    assert repair_text(damaged).text == repaired


def test_quotes_are_kept_unless_normalisation_is_asked_for() -> None:
    text = "“We’ll see,” she said -- and left."
    assert repair_text(text).text == text
    normalised = repair_text(text, normalize_quotes=True)
    assert normalised.text == '"We\'ll see," she said—and left.'
    assert apply_edits(text, normalised.edits) == normalised.text
