"""The extractors the benchmark compares, each as html, url -> a plain result dict."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from newsdesk.extract import extract_article

Result = dict[str, object]
Extractor = Callable[[str, str], Result]


def newsdesk(html: str, url: str) -> Result:
    article = extract_article(html, url)
    return {"body": article.text, "title": article.title, "authors": article.authors,
            "date": article.published.isoformat() if article.published else None}


def _trafilatura(**options: bool) -> Extractor:
    def run(html: str, url: str) -> Result:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True, **options)
        if document is None:
            return {"body": "", "title": None, "authors": [], "date": None}
        authors = [a.strip() for a in (document.author or "").split(";") if a.strip()]
        return {"body": document.text or "", "title": document.title, "authors": authors,
                "date": document.date}
    return run


def _trafilatura_text(html: str, url: str) -> Result:
    """trafilatura.extract as its README shows it: defaults, text only, no metadata."""
    return {"body": trafilatura.extract(html, url=url) or ""}


EXTRACTORS: dict[str, Extractor] = {
    "newsdesk": newsdesk,
    "trafilatura": _trafilatura(),
    "trafilatura precision": _trafilatura(favor_precision=True),
    "trafilatura fast": _trafilatura(fast=True),
    "trafilatura text only": _trafilatura_text,
}
BASELINE = "trafilatura"
