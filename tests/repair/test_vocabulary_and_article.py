"""The learned vocabulary, article repair and bad input."""

from collections import Counter

import pytest

from newsdesk.records import Article
from newsdesk.repair import RepairError, Vocabulary, repair_article, repair_text
from newsdesk.repair.learning import words_to_learn


def test_learned_name_is_protected_and_splits_damage_around_it() -> None:
    vocabulary = Vocabulary()
    vocabulary.learn("Minister Vashtarino spoke in Tuzmerel. Vashtarino later left Tuzmerel.")
    assert "vashtarino" in vocabulary and "Tuzmerel" in vocabulary
    assert vocabulary.count("VASHTARINO") == 2
    damaged = "ThecabinetmetinTuzmerel andVashtarinosaidthe plan was done."
    text = repair_text(damaged, vocabulary=vocabulary).text
    assert "in Tuzmerel and Vashtarino said the plan" in text


def test_damaged_text_is_not_learned() -> None:
    vocabulary = Vocabulary()
    vocabulary.learn("thecabinetapprovedthenewbudget andtheministersaid itwasdone")
    assert len(vocabulary) == 0


def test_glued_words_in_clean_text_are_not_learned() -> None:
    vocabulary = Vocabulary()
    clean = "The minister spoke at length about the reform and left the room early. " * 6
    vocabulary.learn(clean + "He said ofthe plan nothing.")
    assert "ofthe" not in vocabulary
    assert "minister" in vocabulary


def test_words_seen_before_count_again_and_new_ones_are_judged() -> None:
    vocabulary = Vocabulary()
    clean = "The minister spoke at length about the reform and left the room early. " * 6
    vocabulary.learn(clean)
    assert vocabulary.unknown(["minister", "oyelaran", "ofthe"]) == {"oyelaran", "ofthe"}
    vocabulary.learn(clean + "He said ofthe plan nothing, Oyelaran said.")
    assert vocabulary.count("minister") == 12
    assert vocabulary.count("Oyelaran") == 1
    assert "ofthe" not in vocabulary


@pytest.mark.parametrize(
    ("text", "learned"),
    [
        ("Oyelaran met Kharvani", {"oyelaran": 1, "met": 1, "kharvani": 1}),
        ('(Oyelaran) "met" «Kharvani», Oyelaran.', {"oyelaran": 2, "met": 1, "kharvani": 1}),
        ("well-known O'Neil", {"well": 1, "known": 1, "o": 1, "neil": 1}),
        ("met.Kharvani stood", {"met": 1, "stood": 1}),  # glued after a mark: not alone
        ("x(Oyelaran) 12 Kharvani2", {"oyelaran": 1}),
        ("Oyelaran\u00a0met\tKharvani\u2003stood", {"oyelaran": 1, "met": 1, "kharvani": 1,
                                                      "stood": 1}),
        ("\u0645\u064e\u0646 \u0647\u200c\u0627", {"\u0645\u064e\u0646": 1,
                                                      "\u0647\u200c\u0627": 1}),
    ],
)
def test_only_words_standing_alone_are_counted(text: str, learned: dict[str, int]) -> None:
    assert dict(words_to_learn(text)) == learned


def test_counts_round_trip() -> None:
    vocabulary = Vocabulary()
    vocabulary.learn("Oyelaran met Oyelaran in Kharvani.")
    copy = Vocabulary.from_counts(vocabulary.counts())
    assert dict(copy.counts()) == dict(vocabulary.counts())
    assert copy.count("oyelaran") == 2


def test_bad_counts_raise_a_clear_error() -> None:
    with pytest.raises(RepairError):
        Vocabulary.from_counts([("word", -1)])


def test_repair_article_mends_all_fields() -> None:
    article = Article(
        url="https://northfield.example/a",
        title="Cabinetapprovesbudget",
        summary="Thecabinetmetonmonday.",
        text="thecabinetapprovedthenewbudget.Meanwhile,the minister left.",
    )
    repaired = repair_article(article)
    assert repaired is not article
    assert repaired.summary == "The cabinet met on monday."
    assert repaired.text == "the cabinet approved the new budget. Meanwhile, the minister left."
    assert {edit.field for edit in repaired.repairs} >= {"summary", "text"}
    assert repaired.damage_before > repaired.damage_after == 0.0
    assert article.text.startswith("thecabinet")


def test_non_string_input_raises_repair_error() -> None:
    with pytest.raises(RepairError):
        repair_text(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(RepairError):
        repair_article("not an article")  # type: ignore[arg-type]


def test_learn_returns_what_it_added_and_skips_damaged_text() -> None:
    from newsdesk.repair import Vocabulary

    vocabulary = Vocabulary()
    added = vocabulary.learn("Minister Oyelaran met Oyelaran's deputy in Velmora.")
    assert added["oyelaran"] >= 1 and added["velmora"] == 1
    assert "Velmora" in vocabulary
    assert vocabulary.learn("Anything at all.", damage=0.5) == {}
    assert "anything" not in vocabulary


def test_a_cached_split_follows_the_words_learned_inside_it() -> None:
    from newsdesk.repair.lexicon import lexicon
    from newsdesk.repair.viterbi import best_pieces, clear_cache
    from newsdesk.repair.words import Words

    vocabulary = Vocabulary()
    words = Words(lexicon("en"), vocabulary)
    before = best_pieces("thezorvakreport", words)
    vocabulary.add(Counter({"meridale": 2}))  # not part of the run: the cached split holds
    assert best_pieces("thezorvakreport", words) == before
    vocabulary.add(Counter({"zorvak": 2}))  # part of it: a learned word is cheaper
    after = best_pieces("thezorvakreport", words)
    assert after[0] == ("the", "zorvak", "report") and after[1] < before[1]
    clear_cache()
    assert best_pieces("thezorvakreport", words) == after


def test_a_vocabulary_replaced_is_not_kept_alive_by_cached_splits() -> None:
    import gc
    import weakref

    vocabulary = Vocabulary()
    vocabulary.add(Counter({"zorvak": 2}))
    repair_text("The mayor said thezorvakreport was late, officials in Valdoria said on"
                " Monday.", vocabulary=vocabulary)
    gone = weakref.ref(vocabulary)
    del vocabulary
    gc.collect()
    assert gone() is None  # the learned words trimmed away leave memory with it
