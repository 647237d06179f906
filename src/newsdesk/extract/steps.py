"""Running one step of extraction so that its failure costs only that step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def run_step(name: str, warnings: list[str], fallback: T, step: Callable[..., T],
             *args: object, **kwargs: object) -> T:
    """``step(*args, **kwargs)``; if it fails, a warning naming it and ``fallback`` instead."""
    try:
        return step(*args, **kwargs)
    except Exception as exc:  # one step's bug or odd input must not cost the article
        warnings.append(f"{name} failed: {type(exc).__name__}: {str(exc)[:200]}")
        return fallback
