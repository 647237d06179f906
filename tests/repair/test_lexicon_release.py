"""A word list left unused for a while is let go, caches and all, and read back when a text
needs it again; the lists in use stay."""

from __future__ import annotations

import gc
import time
import weakref

import pytest

from newsdesk import repair
from newsdesk.repair import lexicon as lexicons

GLUED = "Thecabinetmetonmonday."


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [time.monotonic()]
    monkeypatch.setattr(lexicons, "_clock", lambda: now[0])
    monkeypatch.setattr(lexicons, "_last_check", lexicons._last_check)  # back to real time after
    return now


def test_an_unused_list_is_let_go_and_read_back_the_same(clock: list[float]) -> None:
    english, persian = lexicons.lexicon("en"), lexicons.lexicon("fa")
    assert english is not None and persian is not None
    repaired = repair.repair_text(GLUED).text  # fills repair's caches with English
    assert repaired == "The cabinet met on monday."

    clock[0] += lexicons.IDLE_S - 1
    assert lexicons.lexicon("fa") is persian
    assert {"en", "fa"} <= set(lexicons.held_lexicons())  # English: not idle long enough yet

    clock[0] += lexicons.IDLE_S / 2
    assert lexicons.lexicon("fa") is persian  # in use: kept
    assert "en" not in lexicons.held_lexicons()

    gone = weakref.ref(english)
    del english
    gc.collect()
    assert gone() is None  # no cache of repair's holds it any more

    assert repair.repair_text(GLUED).text == repaired  # read back when needed
    assert "en" in lexicons.held_lexicons()
