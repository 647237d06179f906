"""Each paragraph is repaired in its own language's vocabulary, or left alone."""

import pytest

from newsdesk.records import Article
from newsdesk.repair import repair_article, repair_text

# Clean sentences whose words an English vocabulary would cut ("incombe" -> "in combe",
# "offrono" -> "of fro no", "materiais" -> "materia is", "destacar" -> "desta car").
CLEAN = {
    "it": "Il sindaco ha detto che la responsabilità incombe sulla giunta e che le "
    "associazioni offrono sostegno al piano per il porto di Valdoria.",
    "pt": "A secretaria publicou os materiais do estudo e quis destacar que as escolas "
    "municipais de Ribaltera receberam novos equipamentos este ano.",
    "fr": "Le conseil a présenté mardi un projet sur les retraites, que les syndicats de "
    "Montclavier jugent inacceptable pour les salariés.",
    "de": "Die Landesregierung hat am Mittwoch ein Förderprogramm für Wasserstoffspeicher "
    "beschlossen, teilte das Ministerium in Hallbrück mit.",
    "es": "El ayuntamiento aprobó ayer el presupuesto, aunque la oposición criticó que no "
    "incluya fondos suficientes para la sanidad pública de Torrevalle.",
}


@pytest.mark.parametrize("language", sorted(CLEAN))
def test_clean_text_in_other_languages_is_untouched(language: str) -> None:
    text = CLEAN[language]
    result = repair_text(text)
    assert result.text == text
    assert result.edits == []


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        (
            "Asecretariapublicouosmateriaisdoestudoequisdestacarqueasescolas municipais.",
            "A secretaria publicou os materiais do estudo e quis destacar que as escolas "
            "municipais.",
        ),
        (
            "Ilsindacohadettochelaresponsabilitàincombesullagiunta.",
            "Il sindaco ha detto che la responsabilità incombe sulla giunta.",
        ),
        (
            "Leconseilaprésentémardiunprojetsurlesretraites.",
            "Le conseil a présenté mardi un projet sur les retraites.",
        ),
    ],
)
def test_damaged_text_is_repaired_with_its_own_words(damaged: str, expected: str) -> None:
    assert repair_text(damaged).text == expected


def test_a_paragraph_in_another_language_is_read_in_its_own() -> None:
    english = "The city council approved the new harbour budget on Monday, officials said."
    italian = (
        "Il sindaco di Valdoria ha detto che la responsabilità incombe sulla giunta e che "
        "le associazioni del porto offrono sostegno al piano."
    )
    text = f"{english}\n\n{italian}\n\n{english}"
    assert repair_text(text).text == text


def test_text_in_a_language_without_a_vocabulary_is_left_alone() -> None:
    # Swahili-like invented copy: wordfreq has no list for it, so nothing is split.
    text = (
        "Kamanda wa polisi amesema kwamba walinzi walifanikiwa kukamata silaha katika "
        "kijiji cha Mbarawe baada ya doria ya usiku, na uchunguzi unaendelea."
    )
    assert repair_text(text).text == text


def test_the_declared_language_decides_short_text_the_model_cannot() -> None:
    damaged = "Ilsindacohadetto"
    assert repair_text(damaged, language="it").text == "Il sindaco ha detto"


def test_article_language_is_the_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    article = Article(
        url="https://valdoria.example/a",
        title="Ilsindacohadetto",
        text=CLEAN["it"],
        language="it",
    )
    repaired = repair_article(article)
    assert repaired.title == "Il sindaco ha detto"
    assert repaired.text == CLEAN["it"]


def test_a_short_title_is_read_in_the_page_language_when_its_words_fit() -> None:
    from newsdesk.repair.language import identify
    from newsdesk.repair.repairing import _identified

    title = "Ventilbridge: Let fans voters occasion stage not"  # the model alone says French
    assert identify(title, "en").code == "fr"
    assert _identified(title, "en-GB").code == "en"  # no French word list needed for it
    assert _identified(CLEAN["it"][:110], "en").code == "it"  # a foreign one stays foreign


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("Venvotilbridge: Art flag fort be stock", id="model-unsure-nb-da-sv"),
        pytest.param("Lyziastad: Are those account la plus", id="model-says-french-0.67"),
    ],
)
def test_a_short_title_the_page_language_cannot_read_loads_no_other_word_list(
    monkeypatch: pytest.MonkeyPatch, title: str,
) -> None:
    from newsdesk.repair import repairing

    loaded: list[str] = []
    real = repairing.lexicon
    monkeypatch.setattr(repairing, "lexicon", lambda code: loaded.append(code) or real(code))
    assert repairing._identified(title, "en").code is None  # left alone
    assert set(loaded) == {"en"}
    assert repair_text(title, language="en").text == title
