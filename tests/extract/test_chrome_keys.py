"""line_key and learned_chrome_keys: learning a site's repeated lines."""

from __future__ import annotations

from newsdesk.extract import learned_chrome_keys, line_key


def test_line_key_folds_case_digits_and_whitespace() -> None:
    assert line_key("  Updated  12:05\tGMT ") == "updated 00:00 gmt"
    assert line_key("UPDATED 09:41 gmt") == line_key("Updated 12:05 GMT")


def test_line_key_folds_persian_and_arabic_digits() -> None:
    assert line_key("ساعت ۱۲:۳۰") == "ساعت 00:00"
    assert line_key("الساعة ١٢") == "الساعة 00"


def test_nothing_is_learned_before_enough_pages() -> None:
    assert learned_chrome_keys(4, {"follow the gazette": 4}) == frozenset()


def test_keys_on_at_least_half_the_pages_are_learned() -> None:
    counts = {"gazette podcast every morning": 6, "a story line": 1, "half": 5}
    assert learned_chrome_keys(10, counts) == frozenset({"gazette podcast every morning", "half"})


def test_thresholds_can_be_tuned() -> None:
    counts = {"promo": 3}
    assert learned_chrome_keys(10, counts, min_share=0.3) == frozenset({"promo"})
    assert learned_chrome_keys(3, counts, min_pages=3, min_share=0.9) == frozenset({"promo"})
    assert learned_chrome_keys(10, counts) == frozenset()
