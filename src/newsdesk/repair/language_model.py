"""py3langid's model, restricted to the languages the repair has a vocabulary for, kept once
per machine.

py3langid ships its model compressed with xz: every process that loads it spends 0.7-0.9 s
of CPU decompressing it and then holds the whole byte automaton (37 MiB of
transitions) in memory, though a text in one language walks about a third of it. Here the
restricted model is written once, as plain arrays, to the user's cache directory; later
processes map those files, so the operating system keeps one copy for all of them and only
the pages a walk touches become resident. When the cache cannot be written (a read-only
home, a full disk), the model is loaded into memory as before.

The automaton is also walked differently: py3langid steps through a text one byte at a time
in Python (~0.35 ms for the 1,000 characters the repair reads); here a long text is walked
at every position at once with NumPy. The automaton's states stand for the byte strings it
counts, at most ``depth`` bytes long (6 for py3langid's model), so the state after any
position is the state reached from the start by the ``depth`` bytes ending there: ``depth``
vectorised steps give every state, and the feature counts are the same, in the same order.

Written by hand: py3langid reads only its compressed archive and walks only byte by byte.
"""

from __future__ import annotations

import functools
import mmap
import os
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsdesk.repair.cache_files import cached, digest

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

_FORMAT = 2  # bump when the files below change
_NEXTMOVE = "nextmove.u32"  # the automaton's distinct rows, 256 uint32 states each
_PTC = "ptc.npy"  # feature x language log-probabilities (float16), mapped
_REST = "rest.npz"  # the small parts: language priors and names, state -> row, outputs, depth
_WALK_AT_ONCE = 200  # bytes: below this, the byte-at-a-time walk is as quick


def load(languages: set[str]) -> LanguageIdentifier:
    """The model restricted to ``languages`` (langid codes), mapped from the cache when it
    holds them (written there first when it does not)."""
    name = f"langid-{version('py3langid')}-{digest(*sorted(languages))}-v{_FORMAT}"
    return cached(name, _mapped, lambda: _restricted(languages), _write, replaces="langid-")


def _restricted(languages: set[str]) -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    full.set_languages(sorted(languages & set(full.nb_classes)))
    # set_languages keeps the whole model (all 97 languages) beside the restricted copy; a
    # new identifier over the restricted one lets the rest (~20 MiB) go
    return _identifier(full.nb_ptc, full.nb_pc, full.nb_classes, full.tk_nextmove,
                       full.tk_output, full.tk_row)


def _identifier(ptc: Any, pc: Any, classes: list[str], nextmove: Any, output: list[int],
                row: Any, depth: int | None = None) -> LanguageIdentifier:
    model = _walking_class()(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
    model.prepare_walk(_depth(nextmove, row) if depth is None else depth)
    return model


@functools.cache
def _walking_class() -> type[LanguageIdentifier]:
    from py3langid.langid import LanguageIdentifier

    class WalkingIdentifier(LanguageIdentifier):  # type: ignore[misc]
        """py3langid's identifier, walking a long text at every position at once."""

        __slots__ = ("_moves", "_outputs", "_rows", "walk_depth")

        def prepare_walk(self, depth: int) -> None:
            self.walk_depth = depth
            self._moves = np.frombuffer(self.tk_nextmove, dtype=np.uint32)
            self._rows = np.asarray(self.tk_row, dtype=np.intp) << 8
            self._outputs = np.asarray(self.tk_output, dtype=np.int64)

        def _raw_score(self, text: bytes) -> Any:
            if len(text) < _WALK_AT_ONCE:
                return super()._raw_score(text)
            features, counts = _visits(text, self._moves, self._rows, self._outputs,
                                       self.walk_depth)
            if not features.size:
                return super()._raw_score(text)  # the library's answer for no features
            return _scores(features, counts.astype(np.float32), self.nb_ptc, self.nb_pc)

        def _sparse_score(self, visits: dict[int, int], table: Any) -> Any:
            """py3langid's own, for the byte-at-a-time walk, with `_scores`."""
            features = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
            counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
            return _scores(features, counts, table, self.nb_pc)

    return WalkingIdentifier


def _scores(features: np.ndarray, counts: np.ndarray, table: Any, priors: Any) -> Any:
    """py3langid's naive Bayes scores, to the bit: log(1 + count) times each feature's row,
    summed, plus the priors. The rows are read from the plain array under the mapping (a
    ``numpy.memmap`` adds ~40 us an index) and widened from float16 before the product,
    which is exact and lets NumPy use BLAS (the mixed product took ~75 us, this ~10)."""
    rows = np.asarray(table)[features].astype(np.float32)
    return np.log1p(counts) @ rows + priors


def _visits(text: bytes, moves: np.ndarray, rows: np.ndarray, outputs: np.ndarray,
            depth: int) -> tuple[np.ndarray, np.ndarray]:
    """The features met in ``text`` and how often each, in the order they first occur (as
    py3langid's ``visit_counts``, whose order its scores are summed in)."""
    codes = np.frombuffer(text, dtype=np.uint8)
    states = np.zeros(codes.size, dtype=np.intp)
    for back in range(min(depth, codes.size) - 1, -1, -1):
        states[back:] = moves[rows[states[back:]] + codes[: codes.size - back]]
    features = outputs[states]
    features = features[features >= 0]
    if not features.size:
        return features, features
    # np.unique's steps without its checks: sort stably, cut where the value changes
    order = np.argsort(features, kind="stable")
    ranked = features[order]
    starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
    counts = np.diff(np.append(starts, ranked.size))
    first = order[starts]  # each feature's first position, its stable sort keeps
    by_first = np.argsort(first, kind="stable")
    return ranked[starts][by_first], counts[by_first]


def _depth(nextmove: Any, row: Any) -> int:
    """The length of the longest byte string a state of the automaton stands for: its
    distance from the start (a move goes at most one byte deeper)."""
    moves = np.frombuffer(nextmove, dtype=np.uint32).reshape(-1, 256)
    rows = np.asarray(row, dtype=np.intp)
    reached = np.zeros(len(rows), dtype=bool)
    reached[0] = True
    frontier, depth = np.array([0]), 0
    while True:
        after = np.zeros(len(rows), dtype=bool)
        after[moves[rows[frontier]]] = True
        frontier = np.flatnonzero(after & ~reached)
        if not frontier.size:
            return depth
        reached[frontier] = True
        depth += 1


def _write(model: LanguageIdentifier, directory: Path) -> None:
    with open(directory / _NEXTMOVE, "wb") as out:
        model.tk_nextmove.tofile(out)
    np.save(directory / _PTC, np.ascontiguousarray(model.nb_ptc))
    np.savez(
        directory / _REST,
        pc=np.asarray(model.nb_pc),
        classes=np.array(model.nb_classes),
        row=np.asarray(model.tk_row),
        output=np.asarray(model.tk_output, dtype=np.int32),
        depth=np.asarray(model.walk_depth),
    )


def _mapped(directory: Path) -> LanguageIdentifier:
    """The model in ``directory``, its automaton and feature table mapped, not read."""
    from array import array

    with np.load(directory / _REST, allow_pickle=False) as rest:
        pc, classes = rest["pc"], [str(code) for code in rest["classes"]]
        row, output, depth = rest["row"], rest["output"].tolist(), int(rest["depth"])
    ptc = np.load(directory / _PTC, mmap_mode="r", allow_pickle=False)
    with open(directory / _NEXTMOVE, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size == 0 or size % (256 * 4):
            raise ValueError(f"{_NEXTMOVE} holds {size} bytes, not whole rows")
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    rows = size // (256 * 4)
    if ptc.shape[1] != len(classes) or ptc.shape[0] <= max(output) or len(row) != len(output):
        raise ValueError("the cached model's arrays do not fit together")
    if int(row.max()) >= rows:
        raise ValueError("the cached model's states point past its automaton")
    narrow = rows <= 1 << 16  # as py3langid holds it: one state's row in 2 bytes when it fits
    states = array("H" if narrow else "I")
    states.frombytes(row.astype(np.uint16 if narrow else np.uint32).tobytes())
    return _identifier(ptc, pc, classes, memoryview(mapped).cast("I"), output, states, depth)
