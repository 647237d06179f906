"""newsdesk.stories as another commit has it, to measure a change on the same corpus.

``load(ref)`` copies ``src/newsdesk/stories`` of git ref ``ref`` into a temporary directory and
imports it under another name; ``grouper(module)`` places articles with it the way the current
index does (older versions sign with the module's ``sign``, newer ones with ``index.sign``).
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

_REPO = Path(__file__).resolve().parents[2]


def load(ref: str) -> ModuleType:
    """The ``newsdesk.stories`` package of ``ref``, imported as ``stories_at_<ref>``."""
    archive = subprocess.run(["git", "-C", str(_REPO), "archive", ref, "src/newsdesk/stories"],
                             check=True, capture_output=True).stdout
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-stories-"))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    name = "stories_at_" + "".join(c if c.isalnum() else "_" for c in ref)
    package = folder / name
    (folder / "src" / "newsdesk" / "stories").rename(package)
    sys.path.insert(0, str(folder))
    return importlib.import_module(name)


def grouper(module: ModuleType) -> Callable[[list[Any]], tuple[dict, dict]]:
    """A function placing BenchArticle-like items in order with that version's index."""
    from real import candidate_of, place_all

    def group(articles: list[Any]) -> tuple[dict, dict]:
        index = module.StoryIndex()
        items = [module.StoryCandidate(**dataclasses.asdict(candidate_of(a))) for a in articles]
        return place_all(index, items, sign=getattr(index, "sign", None) or module.sign)

    return group
