"""The language model kept in the user's cache: written once, mapped after, and answering as
py3langid's own model does; a cache that cannot be used costs memory, never an answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newsdesk.repair import language_model

LANGUAGES = {"en", "de", "fr", "fa", "ar", "ru", "es"}
TEXTS = [
    "The harbour authority of Velmira said on Tuesday that the new ferry line would open.",
    "Die Stadtverwaltung von Velmira teilte am Dienstag mit, dass die neue Fähre fährt.",
    "La mairie de Velmira a annoncé mardi que la nouvelle ligne de ferry ouvrirait.",
    "شهرداری ولمیرا روز سه‌شنبه اعلام کرد که خط جدید کشتی به زودی راه‌اندازی می‌شود.",
    "أعلنت بلدية فيلميرا يوم الثلاثاء أن خط العبارات الجديد سيفتتح قريبا.",
    "Мэрия Велмиры во вторник сообщила, что новая паромная линия скоро откроется.",
    "",
    # long enough to be walked at every position at once, not byte by byte
    "The harbour authority of Velmira said on Tuesday that the new ferry line would open in"
    " the spring, after the council approved the budget for the quays and the dockworkers'"
    " union ended its strike over night shifts. Passengers will pay less than on the old line.",
    "شهرداری ولمیرا روز سه‌شنبه اعلام کرد که خط جدید کشتی به زودی راه‌اندازی می‌شود و"
    " شورای شهر بودجه اسکله‌ها را تصویب کرده است؛ کارگران اسکله اعتصاب خود را پایان دادند.",
]


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "newsdesk"


def _packaged() -> LanguageIdentifier:
    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    model.set_languages(sorted(LANGUAGES))
    return model


def _ranks(model: LanguageIdentifier) -> list[list[tuple[str, float]]]:
    return [model.rank(text) for text in TEXTS]


def test_written_once_then_mapped_with_the_packaged_answers(cache: Path) -> None:
    first = language_model.load(LANGUAGES)
    written = list(cache.iterdir())
    assert len(written) == 1 and {p.name for p in written[0].iterdir()} == {
        "nextmove.u32", "ptc.npy", "rest.npz"}
    again = language_model.load(LANGUAGES)
    assert isinstance(again.tk_nextmove, memoryview)  # mapped, not read into memory
    assert _ranks(first) == _ranks(again) == _ranks(_packaged())
    assert [p.name for p in cache.iterdir()] == [written[0].name]  # no staging left behind


def test_a_model_for_other_languages_replaces_the_older_entry(cache: Path) -> None:
    language_model.load(LANGUAGES)
    (first,) = cache.iterdir()
    fewer = language_model.load({"en", "de"})
    (second,) = cache.iterdir()  # the first went: one model per machine, the latest kept
    assert second != first and set(fewer.nb_classes) == {"en", "de"}
    assert _ranks(language_model.load(LANGUAGES)) == _ranks(_packaged())


def test_a_cache_that_cannot_be_written_leaves_the_model_in_memory(cache: Path) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the cache directory should be")
    model = language_model.load(LANGUAGES)
    assert not isinstance(model.tk_nextmove, memoryview)
    assert _ranks(model) == _ranks(_packaged())


def test_a_damaged_cache_is_written_again(cache: Path) -> None:
    language_model.load(LANGUAGES)
    (directory,) = cache.iterdir()
    automaton = directory / "nextmove.u32"
    automaton.write_bytes(automaton.read_bytes()[:1000])  # cut mid-row
    assert _ranks(language_model.load(LANGUAGES)) == _ranks(_packaged())
    assert automaton.stat().st_size % 1024 == 0  # written again whole
    assert isinstance(language_model.load(LANGUAGES).tk_nextmove, memoryview)


def test_a_cache_missing_a_file_is_written_again(cache: Path) -> None:
    language_model.load(LANGUAGES)
    (directory,) = cache.iterdir()
    (directory / "rest.npz").unlink()
    assert isinstance(language_model.load(LANGUAGES).tk_nextmove, memoryview)
    assert (directory / "rest.npz").exists()
