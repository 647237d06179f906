"""Damaged text where words are glued to names, addresses and initials."""

import pytest

from newsdesk.repair import apply_edits, repair_text


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        (
            "Thereportisout.Contactthepressofficeatpress@kelvara-news.org forthefulltext.",
            "The report is out. Contact the press office at press@kelvara-news.org for the full"
            " text.",
        ),
        (
            "Detailsarepostedatwww.kelvara-news.organdonexample.com today.",
            "Details are posted at www.kelvara-news.org and on example.com today.",
        ),
        (
            "Theembassyandtheministryandthe E.U.missionissuedajointstatement.",
            "The embassy and the ministry and the E.U. mission issued a joint statement.",
        ),
        (
            "NobodyexpectedtheuniontoactsoquicklyonMonday.",
            "Nobody expected the union to act so quickly on Monday.",
        ),
    ],
)
def test_words_glued_to_addresses_initials_and_each_other(damaged: str, expected: str) -> None:
    result = repair_text(damaged)
    assert result.text == expected
    assert apply_edits(damaged, result.edits) == result.text


@pytest.mark.parametrize(
    ("glued", "name", "follower"),
    [
        ("Kazoevsaid", "Kazoev", "said"),
        ("Shazehreplied", "Shazeh", "replied"),
        ("Droayarenot", "Droay", "are not"),
        ("Tuvelkotold", "Tuvelko", "told"),
    ],
)
def test_unseen_name_glued_to_the_next_word_in_damaged_text(
    glued: str, name: str, follower: str
) -> None:
    damaged = f"Thetalksfailedonmondayand{glued}thatthe plan wasdead."
    text = repair_text(damaged).text
    assert f" {name} {follower} " in text
    assert text.startswith("The talks failed on monday and")


def test_known_names_are_not_cut_into_letters_and_words() -> None:
    damaged = "ThebudgetwaspassedaccordingtoOmarDronawalandSaraHinch.Meanwhile,the"
    text = repair_text(damaged).text
    assert "according to Omar Dronawal and Sara Hinch. Meanwhile, the" in text


def test_sentence_starting_with_a_after_a_full_stop_in_damaged_text() -> None:
    damaged = "Theministertoldreporters.A spokesperson forthecabinetdeclinedtocomment."
    text = repair_text(damaged).text
    assert (
        text == "The minister told reporters. A spokesperson for the cabinet declined to comment."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Talks were led by Hannawas and Kelvarsaid on Monday, officials said.",
        "Write to pressoffice@kelvara.org or visit www.kelvara-news.org for details.",
        "The archive at docs.kelvara.org/atlas holds Report.A and annex.pdf files.",
        "Mail Jan.Novak@kelvara.org, or see onlinenews.com and theguardian.co.uk today.",
        "The full text is at https://www.kelvara-news.org/2024/budget-plan.html since noon.",
    ],
)
def test_clean_text_with_name_endings_and_addresses_is_unchanged(text: str) -> None:
    result = repair_text(text)
    assert result.text == text
    assert result.edits == []
