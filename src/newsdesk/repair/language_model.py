"""py3langid's model, restricted to the languages the repair has a vocabulary for, kept once
per machine.

py3langid ships its model compressed with xz: every process that loads it spends 0.7-0.9 s
of CPU decompressing it and then holds the whole byte automaton (37 MiB of
transitions) in memory, though a text in one language walks about a third of it. Here the
restricted model is written once, as plain arrays, to the user's cache directory; later
processes map those files, so the operating system keeps one copy for all of them and only
the pages a walk touches become resident. When the cache cannot be written (a read-only
home, a full disk), the model is loaded into memory as before.

Written by hand: py3langid reads only its compressed archive.
"""

from __future__ import annotations

import mmap
import os
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsdesk.repair.cache_files import cached, digest

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

_FORMAT = 1  # bump when the files below change
_NEXTMOVE = "nextmove.u32"  # the automaton's distinct rows, 256 uint32 states each
_PTC = "ptc.npy"  # feature x language log-probabilities (float16), mapped
_REST = "rest.npz"  # the small parts: language priors and names, state -> row, outputs


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
                row: Any) -> LanguageIdentifier:
    from py3langid.langid import LanguageIdentifier

    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


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
    )


def _mapped(directory: Path) -> LanguageIdentifier:
    """The model in ``directory``, its automaton and feature table mapped, not read."""
    from array import array

    with np.load(directory / _REST, allow_pickle=False) as rest:
        pc, classes = rest["pc"], [str(code) for code in rest["classes"]]
        row, output = rest["row"], rest["output"].tolist()
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
    return _identifier(ptc, pc, classes, memoryview(mapped).cast("I"), output, states)
