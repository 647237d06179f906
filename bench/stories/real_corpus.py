"""Real article texts for the story benchmark, read from public corpus snapshots.

Two sources, both git mirrors with no work tree (read with ``git show``; nothing is committed
to this repository):

- flairNLP/fundus ``tests/resources/parser/test_data/<cc>/<Site>.json``: the expected title,
  standfirst (``body.summary``), paragraphs, topics and date of real articles of ~180
  publishers in many languages;
- mozilla/readability ``test/test-pages/*/expected.html`` + ``expected-metadata.json``: the
  expected article body and title of ~130 real pages.

``prepare`` writes the texts once to ``~/.cache/newsdesk-bench/stories/real-articles.json``;
``load`` reads them back. Near-identical bodies (one article under two parser versions) are
kept once.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

import py3langid
from lxml import html

FUNDUS = Path("/work/.mirror/flairNLP+fundus/repo")
READABILITY = Path("/work/.mirror/mozilla+readability/repo")
CACHE = Path.home() / ".cache" / "newsdesk-bench" / "stories" / "real-articles.json"
_FUNDUS_DIR = "tests/resources/parser/test_data"
_READABILITY_DIR = "test/test-pages"
_MIN_PARAGRAPHS = 3
_MIN_CHARS = 600
_BLOCKS = ("p", "h2", "h3", "h4", "li", "blockquote")


@dataclass
class RealArticle:
    """One real article: where it is from and its text as its publisher wrote it."""

    key: str  # "fundus:us/APNews#V1" or "readability:bbc-1"
    site: str  # the publisher ("APNews", "bbc")
    language: str
    title: str
    summary: str  # the standfirst, when the publisher has one
    paragraphs: list[str]
    topics: list[str] = field(default_factory=list)
    published: str | None = None


def prepare(fundus: Path = FUNDUS, readability: Path = READABILITY,
            out: Path = CACHE) -> list[RealArticle]:
    """Read both snapshots and write the texts to ``out``; returns them."""
    found = [*_fundus_articles(fundus), *_readability_articles(readability)]
    kept = _without_duplicates([a for a in found if _long_enough(a)])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps([asdict(a) for a in kept], ensure_ascii=False), "utf-8")
    return kept


def load(path: Path = CACHE) -> list[RealArticle]:
    """The prepared texts (run ``prepare`` first)."""
    return [RealArticle(**row) for row in json.loads(path.read_text("utf-8"))]


def _git(repo: Path, *args: str) -> str:
    git_dir = repo if (repo / "HEAD").exists() else repo / ".git"
    done = subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True,
                          capture_output=True, text=True)
    return done.stdout


def _fundus_articles(repo: Path) -> list[RealArticle]:
    paths = [p for p in _git(repo, "ls-tree", "-r", "--name-only", "HEAD", _FUNDUS_DIR)
             .splitlines() if p.endswith(".json")]
    found = []
    for path in sorted(paths):
        country, site = path.split("/")[-2], path.split("/")[-1].removesuffix(".json")
        for version, entry in json.loads(_git(repo, "show", f"HEAD:{path}")).items():
            body = entry.get("body") or {}
            paragraphs = [_clean(p) for section in body.get("sections", [])
                          for p in [*section.get("headline", []), *section.get("paragraphs", [])]]
            paragraphs = [p for p in paragraphs if p]
            summary = " ".join(_clean(s) for s in body.get("summary", []) if _clean(s))
            text = " ".join(paragraphs)
            found.append(RealArticle(
                key=f"fundus:{country}/{site}#{version}", site=site, language=_language(text),
                title=_clean(str(entry.get("title") or "")), summary=summary,
                paragraphs=paragraphs, topics=[str(t) for t in entry.get("topics") or []],
                published=entry.get("publishing_date") if isinstance(
                    entry.get("publishing_date"), str) else None))
    return found


def _readability_articles(repo: Path) -> list[RealArticle]:
    names = _git(repo, "ls-tree", "--name-only", "HEAD", f"{_READABILITY_DIR}/").splitlines()
    found = []
    for folder in sorted(names):
        name = folder.rsplit("/", 1)[-1]
        try:
            meta = json.loads(_git(repo, "show", f"HEAD:{folder}/expected-metadata.json"))
            page = _git(repo, "show", f"HEAD:{folder}/expected.html")
        except subprocess.CalledProcessError:
            continue
        tree = html.fromstring(page)
        paragraphs = [_clean(el.text_content()) for el in tree.iter(*_BLOCKS)
                      if not any(a.tag in _BLOCKS for a in el.iterancestors())]
        paragraphs = [p for p in paragraphs if p]
        text = " ".join(paragraphs)
        found.append(RealArticle(
            key=f"readability:{name}", site=re.sub(r"-\d+$", "", name),
            language=_language(text), title=_clean(str(meta.get("title") or "")),
            summary="", paragraphs=paragraphs, published=meta.get("publishedTime")))
    return found


def _clean(text: str) -> str:
    return " ".join(text.split())


def _language(text: str) -> str:
    return py3langid.classify(text[:2000])[0] if text else "und"


def _long_enough(article: RealArticle) -> bool:
    return (len(article.paragraphs) >= _MIN_PARAGRAPHS and bool(article.title)
            and sum(len(p) for p in article.paragraphs) >= _MIN_CHARS)


def _without_duplicates(articles: list[RealArticle]) -> list[RealArticle]:
    """One of each body: the same article under two parser versions counts once."""
    kept, seen = [], []
    for article in articles:
        words = set(" ".join(article.paragraphs).lower().split())
        if any(len(words & other) / max(1, min(len(words), len(other))) > 0.5 for other in seen):
            continue
        seen.append(words)
        kept.append(article)
    return kept


if __name__ == "__main__":
    prepared = prepare()
    print(f"{len(prepared)} real articles written to {CACHE}")
