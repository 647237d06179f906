"""What the pipeline learns stays bounded in memory; the store keeps every count."""

from __future__ import annotations

from collections import Counter

import pytest

from newsdesk import learning
from newsdesk.learning import Learned
from newsdesk.records import Article
from newsdesk.repair import Vocabulary
from newsdesk.store import Store


def test_the_most_frequent_words_are_kept_and_the_newest_among_equals() -> None:
    vocabulary = Vocabulary.from_counts([("harbour", 5), ("velmora", 1), ("orsk", 2),
                                         ("skarra", 1), ("tolvara", 1)])
    kept = vocabulary.most_frequent(3)
    assert list(kept.counts()) == [("harbour", 5), ("orsk", 2), ("tolvara", 1)]
    assert kept.learned_keys() == ["harbour", "orsk", "tolvara"]  # still in the order learned
    assert type(kept) is Vocabulary and len(vocabulary) == 5  # a copy


def test_trimming_again_still_keeps_the_newest_among_equals() -> None:
    vocabulary = Vocabulary.from_counts([("orsk", 3), ("velmora", 1), ("skarra", 1)])
    vocabulary.add(Counter({"tolvara": 1, "brenn": 1}))
    once = vocabulary.most_frequent(4)
    assert set(dict(once.counts())) == {"orsk", "skarra", "tolvara", "brenn"}
    once.add(Counter({"hask": 1}))
    assert set(dict(once.most_frequent(3).counts())) == {"orsk", "brenn", "hask"}


@pytest.mark.parametrize("keep", [0, 5, 9])
def test_trimming_to_nothing_or_to_more_than_there_is(keep: int) -> None:
    vocabulary = Vocabulary.from_counts([("harbour", 5), ("velmora", 1), ("orsk", 2),
                                         ("skarra", 1), ("tolvara", 1)])
    assert len(vocabulary.most_frequent(keep)) == min(keep, 5)


def test_the_vocabulary_in_memory_is_trimmed_and_the_store_keeps_every_word(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(learning, "VOCABULARY_KEPT", 40)
    learned = Learned(store)
    for n in range(60):  # a poll each: one new name, and a word every article has
        seen = Counter({_name(n): 1, "orsk": 1})
        learned.vocabulary.add(seen)  # as ``learn_words`` does, without judging the text
        learned._words.update(seen)
        learned.flush()
    learned.flush(everything=True)  # as the pipeline does when it closes
    assert len(learned.vocabulary) <= 50
    assert "orsk" in learned.vocabulary and _name(59) in learned.vocabulary
    assert _name(0) not in learned.vocabulary
    assert len(store.vocabulary_counts()) == 61  # the store keeps every word
    restarted = Learned(store)
    assert len(restarted.vocabulary) == 40 and restarted.vocabulary.count("orsk") == 60


def test_word_counts_are_written_when_due_or_at_the_end(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(learning, "VOCABULARY_PENDING", 3)
    learned = Learned(store)
    learned.learn_words(_clean(), Counter({"velmora": 2, "orsk": 1}))
    learned.flush()  # a poll's end: two words wait, under a minute ago
    assert store.vocabulary_counts() == []
    learned.learn_words(_clean(), Counter({"skarra": 1}))
    learned.flush()  # three words wait: written
    assert dict(store.vocabulary_counts()) == {"velmora": 2, "orsk": 1, "skarra": 1}
    learned.learn_words(_clean(), Counter({"orsk": 4}))
    monkeypatch.setattr(learning, "VOCABULARY_FLUSH_S", 0.0)
    learned.flush()  # one word, but the time has come
    assert dict(store.vocabulary_counts())["orsk"] == 5
    learned.learn_words(_clean(), Counter({"tolvara": 1}))
    monkeypatch.setattr(learning, "VOCABULARY_FLUSH_S", 3600.0)
    learned.flush(everything=True)
    assert dict(store.vocabulary_counts())["tolvara"] == 1


def _clean() -> Article:
    return Article(url="https://outlet.example/a", title="t", text="x", damage_after=0.0)


def _name(n: int) -> str:
    return "vel" + "".join("aeiou"[int(d) % 5] + "rkt"[int(d) % 3] for d in f"{n:03d}")


def test_cached_site_chrome_is_bounded(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(learning, "CHROME_SITES_KEPT", 8)
    learned = Learned(store)
    for n in range(30):
        learned.chrome_for(f"site{n}.example")
    assert len(learned._chrome) <= 8
