"""Nothing is split without evidence of damage, and some tokens are never split."""

import pytest

from newsdesk.repair import Vocabulary, damage_score, repair_text


@pytest.mark.parametrize(
    "text",
    [
        # one rare compound, unknown to the vocabulary, in otherwise clean text
        "The harbour's new moneyman said the landspout had damaged the dryline sensors.",
        "Readers of the column found the mirrorlike finish of the tower overperforming.",
        # a word glued after a full stop alone, where the source writes it that way
        "The station is run by Kelvar.Media, the regional broadcaster, since March.",
    ],
)
def test_clean_text_with_one_odd_word_is_untouched(text: str) -> None:
    assert repair_text(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "Follow @newsdesk_bot and #BudgetDay for updates from the harbour council.",
        "The review covered 9to5Toys, my6sense and factcheckUK over the summer.",
        "Engineers moved the parser to Uint8Array and URL2Video before the launch.",
        "Write to press@kelvara.org or read https://kelvara.org/budget-2025.html today.",
        "The report, titled “Harbourlights”, was sent to kelvara.org and othernews.net.",
        "Council member Farahani met Sulaymaniyah's delegation and Kowalczyk on Monday.",
    ],
)
def test_names_brands_handles_and_addresses_are_untouched(text: str) -> None:
    result = repair_text(text)
    assert result.text == text
    assert result.edits == []


def test_glued_sentence_marks_are_evidence_enough() -> None:
    assert repair_text("reforms.Meanwhile,the minister").text == "reforms. Meanwhile, the minister"


def test_the_commonest_words_glued_are_evidence_on_their_own() -> None:
    text = "The inspectors returned to the harbour and checked theboats again."
    assert repair_text(text).text == (
        "The inspectors returned to the harbour and checked the boats again."
    )


def test_codes_stay_whole_in_damaged_text() -> None:
    damaged = "Thereviewersaidthat9to5ToysandUint8Arraywerefineandthecouncilagreed."
    text = repair_text(damaged).text
    assert "9to5Toys" in text and "Uint8Array" in text
    assert text.startswith("The reviewer said that")


def test_names_are_not_split_in_damaged_text() -> None:
    damaged = "ThecouncilsaidthatFarahaniandSulaymaniyahwouldleadthetalksonMonday."
    text = repair_text(damaged).text
    assert " Farahani and Sulaymaniyah would lead the talks on Monday." in text


def test_a_learned_word_is_never_split() -> None:
    vocabulary = Vocabulary()
    article = (
        "The Harbourlights festival opened on the quay on Friday evening, and the council "
        "said that more visitors than ever had come to the town for the first night. "
        "Harbourlights draws crowds each year, the organisers said, and the boats in the "
        "harbour were lit until the early hours of Saturday morning."
    )
    vocabulary.learn(article)
    assert "harbourlights" in vocabulary
    damaged = "TheHarbourlightsfestivalopenedonMondayandthecrowdscame."
    text = repair_text(damaged, vocabulary=vocabulary).text
    assert "Harbourlights festival opened on Monday" in text


def test_evidence_of_damage_shows_in_the_damage_score() -> None:
    clean = "The harbour council approved the budget on Monday after a long debate."
    assert damage_score(clean) == 0.0
    assert damage_score("Theharbourcouncilapprovedthebudget onMondayafteralongdebate.") > 0.5
