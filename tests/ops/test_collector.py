"""The garbage collector's young threshold, raised once at start-up."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from newsdesk.ops.collector import YOUNG_THRESHOLD, collect_less_often


@pytest.fixture(autouse=True)
def _thresholds_restored() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_the_young_generation_is_collected_less_often() -> None:
    gc.set_threshold(700, 10, 10)
    collect_less_often()
    assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)


def test_a_higher_threshold_is_kept() -> None:
    gc.set_threshold(YOUNG_THRESHOLD * 5, 7, 3)
    collect_less_often()
    assert gc.get_threshold() == (YOUNG_THRESHOLD * 5, 7, 3)
