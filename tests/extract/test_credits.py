"""find_credit: credit lines, datelines and attributions in several languages."""

from __future__ import annotations

import pytest

from newsdesk.extract import find_credit
from newsdesk.records import Credit


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Source: Harbor Wire", "Harbor Wire"),
        ("Sources: © Example News Agency", "Example News Agency"),
        ("News Sources: Harbor Wire, Example News Agency", "Harbor Wire"),
        ("via Lakeside Press", "Lakeside Press"),
        ("© Harbor Wire 2026", "Harbor Wire"),
        ("This story first appeared on the Morning Courier.", "Morning Courier"),
    ],
)
def test_pure_credit_lines_are_found_and_marked_for_removal(line: str, name: str) -> None:
    lines = ["The cabinet approved the budget on Tuesday after a long session.", line]
    credit, indexes = find_credit(lines, "en")
    assert credit is not None
    assert credit.name == name
    assert indexes == [1]


def test_dateline_with_desk_is_a_credit_but_stays_in_the_body() -> None:
    lines = ["Example News Agency, Economy Desk: The cabinet approved the draft budget."]
    credit, indexes = find_credit(lines, "en")
    assert credit == Credit(name="Example News Agency", desk="Economy Desk")
    assert indexes == []


def test_city_dateline_with_outlet_in_parentheses() -> None:
    credit, indexes = find_credit(["LISBON (Harbor Wire) - Dock workers ended their strike."], "en")
    assert credit == Credit(name="Harbor Wire")
    assert indexes == []


def test_according_to_an_outlet_counts() -> None:
    lines = ["According to the Lakeside Press, the mayor will resign on Friday."]
    credit, _ = find_credit(lines, "en")
    assert credit == Credit(name="Lakeside Press")


def test_according_to_a_person_is_not_a_credit() -> None:
    lines = ["According to Minister Farahani, the talks will resume next week."]
    assert find_credit(lines, "en") == (None, [])


def test_own_copyright_line_is_removed_but_credits_nobody() -> None:
    lines = ["The council met on Monday.", "© 2026 Daily Gazette. All rights reserved."]
    credit, indexes = find_credit(lines, "en", own_names=["Daily Gazette"])
    assert credit is None
    assert indexes == [1]


def test_own_copyright_does_not_hide_a_real_credit() -> None:
    lines = ["The council met on Monday.", "Source: Harbor Wire", "© 2026 Daily Gazette"]
    credit, indexes = find_credit(lines, "en", own_names=["Daily Gazette"])
    assert credit == Credit(name="Harbor Wire")
    assert indexes == [1, 2]


def test_own_dateline_on_an_agency_page_credits_nobody() -> None:
    lines = ["Example News Agency, Economy Desk: The cabinet approved the draft budget."]
    credit, _ = find_credit(lines, "en", own_names=["Example News Agency"])
    assert credit is None


def test_persian_attribution_with_desk() -> None:
    lines = ["به گزارش گروه اقتصادی خبرگزاری نمونه، دولت بودجه سال آینده را تصویب کرد."]
    credit, indexes = find_credit(lines, "fa")
    assert credit == Credit(name="خبرگزاری نمونه", desk="گروه اقتصادی")
    assert indexes == []


def test_persian_reporter_attribution_is_not_an_outlet() -> None:
    lines = ["به گزارش خبرنگار ما، جلسه دولت تا شب ادامه داشت."]
    assert find_credit(lines, "fa") == (None, [])


def test_persian_source_line() -> None:
    credit, indexes = find_credit(["دولت بودجه را تصویب کرد.", "منبع: روزنامه صبح نمونه"], "fa")
    assert credit == Credit(name="روزنامه صبح نمونه")
    assert indexes == [1]


def test_arabic_source_line_and_attribution() -> None:
    lines = ["أقر المجلس الميزانية الجديدة.", "المصدر: وكالة الأنباء النموذجية"]
    credit, indexes = find_credit(lines, "ar")
    assert credit == Credit(name="وكالة الأنباء النموذجية")
    assert indexes == [1]
    credit, _ = find_credit(["نقلا عن وكالة الأنباء النموذجية، أقر المجلس الميزانية."], "ar")
    assert credit == Credit(name="وكالة الأنباء النموذجية")


def test_credit_line_in_another_language_than_the_page() -> None:
    credit, _ = find_credit(["The council met on Monday.", "Fuente: Agencia Ejemplo"], "en")
    assert credit == Credit(name="Agencia Ejemplo")


def test_no_credit_anywhere() -> None:
    lines = ["The council met on Monday.", "It will meet again in May."]
    assert find_credit(lines, None) == (None, [])


def test_a_credit_line_takes_the_desk_from_the_same_outlets_dateline() -> None:
    lines = [
        "MERIDIAN PRESS AGENCY, Economy Desk: The assembly approved the budget on Saturday.",
        "The plan passed by 61 votes to 48.",
        "Sources: © Meridian Press Agency",
    ]
    credit, dropped = find_credit(lines, "en")
    assert credit == Credit("Meridian Press Agency", "Economy Desk")
    assert dropped == [2]


@pytest.mark.parametrize(
    ("line", "language", "name"),
    [
        ("The port reopened on Monday. As first reported by Harbor Wire, repairs ended.",
         "en", "Harbor Wire"),
        ("Talks resumed. AS REPORTED BY THE MORNING COURIER, the deal holds.", "en",
         "MORNING COURIER"),
        ("El puerto reabrió. Según informó la Agencia Costera, la obra terminó.", "es",
         "Agencia Costera"),
        ("Der Hafen ist offen. Wie die Agentur Nordwind berichtet, endete der Bau.", "de",
         "Agentur Nordwind"),
        ("وقالت الحكومة إن الميناء فتح. ونقلاً عن وكالة الأنباء النموذجية، انتهى العمل.", "ar",
         "وكالة الأنباء النموذجية"),
    ],
)
def test_attributions_mid_paragraph_are_found_in_any_case(line: str, language: str,
                                                          name: str) -> None:
    credit, _ = find_credit(["Opening paragraph of the story without a credit.", line], language)
    assert credit is not None and name.casefold() in credit.name.casefold()
