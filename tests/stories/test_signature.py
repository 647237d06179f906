"""sign and relation_to_original: stable signatures, clear errors for foreign or damaged ones."""

from __future__ import annotations

import dataclasses

import pytest

from newsdesk.records import Relation
from newsdesk.stories import (
    SIGNATURE_SCHEME,
    SignatureError,
    StoryIndex,
    relation_to_original,
    sign,
)
from tests.stories.story_texts import candidate, read, truncated, with_chrome


@pytest.fixture
def original() -> str:
    return read("original_harbour_strike.txt")


def test_signature_carries_the_scheme_and_is_deterministic(original: str) -> None:
    first, again = sign(candidate(1, original)), sign(candidate(2, original))
    assert first.scheme == SIGNATURE_SCHEME
    assert first == again


def test_signature_of_another_scheme_is_refused(original: str) -> None:
    old = dataclasses.replace(sign(candidate(1, original)), scheme="rensa1-r64-old")
    with pytest.raises(SignatureError, match="re-sign"):
        StoryIndex().add(1, 10, old, None)


@pytest.mark.parametrize("field", ["minhash", "features"])
def test_damaged_signature_is_refused(original: str, field: str) -> None:
    damaged = dataclasses.replace(sign(candidate(1, original)), **{field: b"\x01\x02"})
    with pytest.raises(SignatureError):
        StoryIndex().add(1, 10, damaged, None)


def test_relation_to_original(original: str) -> None:
    source = sign(candidate(1, original))
    assert relation_to_original(source, source) is Relation.ORIGINAL
    copy = sign(candidate(2, with_chrome(truncated(original, 3))))
    assert relation_to_original(copy, source) is Relation.COPY
    rewrite = sign(candidate(3, read("rewrite_harbour_strike.txt")))
    assert relation_to_original(rewrite, source) is Relation.REWRITE
    other = sign(candidate(4, read("different_event_same_names.txt")))
    assert relation_to_original(other, source) is None


def test_empty_article_signs_and_starts_a_story() -> None:
    empty = candidate(1, "", title="")
    assert StoryIndex().assign(empty, sign(empty)).story_id is None
