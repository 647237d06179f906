"""Persian and Arabic are repaired with their own vocabularies: lost spaces, and lost Persian
zero-width non-joiners."""

from newsdesk.repair import apply_edits, repair_text

ZWNJ = "\u200c"
# Invented copy: a minister, an inflation plan, a central bank.
PERSIAN = (
    "وزیر اقتصاد روز دوشنبه گفت که دولت برنامه تازه‌ای برای مهار تورم آماده کرده است و "
    "این برنامه از ماه آینده اجرا می‌شود. او افزود که بانک مرکزی نیز در این طرح همکاری "
    "می‌کند و نتایج آن به زودی منتشر خواهد شد."
)
ARABIC = (
    "قال وزير الاقتصاد يوم الاثنين إن الحكومة أعدت خطة جديدة لكبح التضخم، وإن الخطة "
    "ستدخل حيز التنفيذ في الشهر المقبل بالتعاون مع البنك المركزي."
)


def test_clean_persian_and_arabic_are_untouched() -> None:
    for text in (PERSIAN, ARABIC, f"{PERSIAN}\n\n{ARABIC}"):
        result = repair_text(text)
        assert result.text == text
        assert result.edits == []


def test_stripped_non_joiners_come_back() -> None:
    stripped = PERSIAN.replace(ZWNJ, "")
    assert "میشود" in stripped
    result = repair_text(stripped)
    assert result.text == PERSIAN
    assert apply_edits(stripped, result.edits) == PERSIAN


def test_persian_written_without_non_joiners_is_left_as_written() -> None:
    # Verbs written apart ("می شود"): this writer does not use non-joiners, nothing was lost.
    text = "دولت برنامه تازه ای دارد و این برنامه از ماه آینده اجرا می شود و کشورها آن را می بینند."
    assert repair_text(text).text == text


def test_lost_spaces_in_persian_are_restored() -> None:
    damaged = "وزیراقتصادروزدوشنبهگفتکهدولتبرنامهتازهایبرایمهارتورمآمادهکردهاست"
    text = repair_text(damaged).text
    assert text.startswith("وزیر اقتصاد روز دوشنبه گفت که دولت برنامه")
    assert text.endswith("برای مهار تورم آماده کرده است")


def test_lost_spaces_in_arabic_are_restored() -> None:
    damaged = "قالوزيرالاقتصاديومالاثنينإنالحكومةأعدتخطةجديدةلكبحالتضخم"
    text = repair_text(damaged).text
    assert text == "قال وزير الاقتصاد يوم الاثنين إن الحكومة أعدت خطة جديدة لكبح التضخم"
