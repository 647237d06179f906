"""Repair, words to learn and signing in a stage worker, with the vocabulary shared to it."""

from __future__ import annotations

import os
from pathlib import Path

from newsdesk import stories
from newsdesk.preparing import prepare_article
from newsdesk.records import Article
from newsdesk.repair import Vocabulary
from newsdesk.shared_words import SharedWords, words_of
from newsdesk.stage_pool import StagePool

DAMAGED = "ThecabinetmetinTuzmerel andVashtarinosaidthe plan was done."
CLEAN = ("Minister Vashtarino spoke in Tuzmerel on Tuesday. The delegation from Brevik arrived "
         "later, and the talks went on into the night before the harbour board agreed.")


def _article(text: str) -> Article:
    return Article(url="https://harbourline.example/a", title="Talks", text=text,
                   publisher="Harbourline", language="en")


def _pid_and_known(words: object, word: str) -> tuple[int, bool]:
    return os.getpid(), word in words_of(words)  # type: ignore[arg-type]


async def test_a_worker_repairs_with_the_words_learned_before_its_task() -> None:
    vocabulary, shared, pool = Vocabulary(), SharedWords(), StagePool(1)
    try:
        vocabulary.learn("Vashtarino met the council in Tuzmerel, and Vashtarino left Tuzmerel.")
        prepared = await pool.run(prepare_article, _article(DAMAGED), shared.current(vocabulary),
                                  None)
        assert "in Tuzmerel and Vashtarino said the plan" in prepared.article.text
        assert prepared.article.damage_before > prepared.article.damage_after
        pid, known = await pool.run(_pid_and_known, shared.current(vocabulary), "Brevik")
        assert (pid != os.getpid(), known) == (True, False)
        vocabulary.learn("Officials from Brevik said Brevik would send a delegation soon.")
        _, known = await pool.run(_pid_and_known, shared.current(vocabulary), "Brevik")
        assert known  # the worker read the words learned since its last task
    finally:
        pool.close()
        shared.close()


async def test_the_worker_counts_words_to_learn_and_signs_as_the_main_process_would() -> None:
    pool = StagePool(1)
    try:
        prepared = await pool.run(prepare_article, _article(CLEAN), None, None)
    finally:
        pool.close()
    assert prepared.words["vashtarino"] == 1 and prepared.words["brevik"] == 1
    assert prepared.article.text == CLEAN and prepared.article.damage_after == 0.0
    assert prepared.signature == stories.sign(stories.StoryCandidate.of(0, prepared.article), None)
    assert set(prepared.cpu) == {"repair", "learn", "sign"}


def test_signing_can_be_left_to_the_caller() -> None:
    prepared = prepare_article(_article(CLEAN), None, None, sign=False)
    assert prepared.signature is None
    assert prepared.article.text == CLEAN


def test_a_text_too_long_to_repair_is_kept_as_extracted_and_its_glued_runs_never_learned(
) -> None:
    kept = prepare_article(_article(DAMAGED), None, None, repair_text=False)
    assert kept.article.text == DAMAGED and not kept.article.repairs
    assert "thecabinetmetintuzmerel" not in kept.words and kept.words["plan"] == 1


def test_a_trimmed_vocabulary_starts_a_new_file_and_the_copy_starts_again() -> None:
    shared = SharedWords()
    try:
        first = Vocabulary()
        first.learn("Vashtarino spoke in Tuzmerel.")
        before = shared.current(first)
        assert "vashtarino" in words_of(before)
        trimmed = Vocabulary.from_counts([("brevik", 3)])
        after = shared.current(trimmed)
        assert after.path != before.path
        copy = words_of(after)
        assert "brevik" in copy and "vashtarino" not in copy
        assert oct(Path(after.path).stat().st_mode & 0o777) == "0o600"
        directory = Path(after.path).parent
    finally:
        shared.close()
    assert not directory.exists()


def test_a_vanished_file_leaves_the_copy_as_it_was() -> None:
    shared = SharedWords()
    vocabulary = Vocabulary()
    vocabulary.learn("Oyelaran met the mayor of Kharvani.")
    current = shared.current(vocabulary)
    assert "oyelaran" in words_of(current)
    vocabulary.learn("Delegates from Brevik arrived.")
    grown = shared.current(vocabulary)
    shared.close()  # the file is gone before the worker reads it
    copy = words_of(grown)
    assert "oyelaran" in copy and "brevik" not in copy


def test_a_stage_worker_imports_neither_the_store_nor_the_web() -> None:
    # a worker holds what unpickling its calls imports: the store and the HTTP stack would
    # cost it ~10 MiB each, for nothing it runs
    import subprocess
    import sys

    probe = ("import sys, newsdesk.preparing, newsdesk.extract; "
             "print(sorted(m for m in ('newsdesk.store', 'newsdesk.fetch', 'newsdesk.publish',"
             " 'aiohttp', 'tantivy', 'psycopg') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.strip() == "[]"
