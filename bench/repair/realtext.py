"""Real, clean news paragraphs from public corpus snapshots, by language, split in two.

The snapshots are git mirrors without a work tree, read with ``git show``; nothing from them is
committed. Paragraphs are cached as JSON under ``~/.cache/newsdesk-bench/repair/``.

* flairNLP/fundus: the expected article bodies (``<Site>.json``) of its per-publisher tests —
  many publishers, mostly English and German, some Spanish, French, Italian, Norwegian,
  Turkish, Arabic (one Lebanese site) and more.
* mozilla/readability: the expected output of its test pages, HTML stripped (mostly English,
  some French, Spanish, Portuguese, German).
* language-ml/course-nlp-ir-1-text-exploring: Fars News Agency articles (Persian), as crawled
  (``exploring-datasets/news/fars-news-*.json``).
* elsayed-issa/Arabic-News-Summaries: articles from a Moroccan daily, ahdath.info (Arabic,
  ``ahd22.json``).
* mauricio-seiji/Dataset-news-articles-pt-br: 500 Brazilian news articles (Portuguese).

Paragraphs with mojibake (a few corpora keep some: "nÃ£o") are left out: they are not clean
text. Each paragraph keeps its article's key; an article goes wholly to the tuning split or to the
held-out split (about one in three articles), by a hash of its key, so held-out text shares no
article with the text the rules were tuned on.
"""

from __future__ import annotations

import json
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

MIRRORS = Path("/work/.mirror")
CACHE = Path.home() / ".cache" / "newsdesk-bench" / "repair"
_MIN_WORDS = 4
_HELD_OUT_EVERY = 3  # one article in three is held out


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    language: str
    source: str  # corpus name
    article: str  # key of the article it belongs to

    @property
    def held_out(self) -> bool:
        return zlib.crc32(f"{self.source}:{self.article}".encode()) % _HELD_OUT_EVERY == 0


def _git(mirror: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={mirror}", *args], capture_output=True, check=True
    ).stdout


def _files(mirror: Path, folder: str, suffix: str) -> list[str]:
    where = [folder] if folder else []
    names = _git(mirror, "ls-tree", "-r", "-z", "--name-only", "HEAD", *where).decode().split("\0")
    return [name for name in names if name.endswith(suffix)]


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _language(texts: list[str]) -> str:
    from newsdesk.repair.language import identify  # the bench labels with the same model

    return identify(" ".join(texts)[:4000], min_confidence=0.5).code or "und"


def _fundus(mirror: Path) -> Iterator[Paragraph]:
    for name in _files(mirror, "tests/resources/parser/test_data/", ".json"):
        data = json.loads(_git(mirror, "show", f"HEAD:{name}"))
        site = name.rsplit("/", 1)[-1].removesuffix(".json")
        for version, article in data.items():
            body = article.get("body") or {}
            texts = list(body.get("summary") or [])
            for section in body.get("sections") or []:
                texts += section.get("paragraphs") or []
            texts = [_tidy(t) for t in texts if len(t.split()) >= _MIN_WORDS]
            if texts:
                language = _language(texts)
                yield from (Paragraph(t, language, "fundus", f"{site}/{version}") for t in texts)


def _readability(mirror: Path) -> Iterator[Paragraph]:
    import lxml.html

    for name in _files(mirror, "test/test-pages/", "/expected.html"):
        page = name.split("/")[-2]
        html = _git(mirror, "show", f"HEAD:{name}").decode("utf-8", "replace")
        document = lxml.html.fromstring(html or "<p></p>")
        texts = [_tidy(e.text_content()) for e in document.iter("p", "li", "blockquote")]
        texts = [t for t in texts if len(t.split()) >= _MIN_WORDS]
        if any("lorem ipsum" in t.lower() for t in texts):
            continue  # the test pages written in placeholder Latin are not news
        if texts:
            language = _language(texts)
            yield from (Paragraph(t, language, "readability", page) for t in texts)


def _fars(mirror: Path) -> Iterator[Paragraph]:
    for name in _files(mirror, "exploring-datasets/news/", ".json"):
        for article in json.loads(_git(mirror, "show", f"HEAD:{name}")):
            key = article.get("link") or article.get("title", "")
            for text in article.get("paragraphs") or []:
                if len(text.split()) >= _MIN_WORDS:
                    yield Paragraph(_tidy(text), "fa", "fars", key)


def _ahdath(mirror: Path) -> Iterator[Paragraph]:
    for number, article in enumerate(json.loads(_git(mirror, "show", "HEAD:ahd22.json"))):
        for text in (article.get("content") or [])[1:]:  # the first item is the site's name
            if len(text.split()) >= _MIN_WORDS:
                yield Paragraph(_tidy(text), "ar", "ahdath", str(number))


def _g1(mirror: Path) -> Iterator[Paragraph]:
    for name in _files(mirror, "", ".txt"):
        if name.startswith("__"):
            continue  # a copy of some articles for another purpose
        text = _git(mirror, "show", f"HEAD:{name}").decode("utf-8", "replace")
        for block in text.split("\n\n"):
            if len(block.split()) >= _MIN_WORDS:
                yield Paragraph(_tidy(block), "pt", "pt-br-news", name)


SOURCES = {
    "fundus": ("flairNLP+fundus", _fundus),
    "readability": ("mozilla+readability", _readability),
    "fars": ("language-ml+course-nlp-ir-1-text-exploring", _fars),
    "ahdath": ("elsayed-issa+Arabic-News-Summaries", _ahdath),
    "pt-br-news": ("mauricio-seiji+Dataset-news-articles-pt-br", _g1),
}


def _clean(paragraph: Paragraph) -> bool:
    """False for text that is not clean to begin with: mojibake ("nÃ£o") that a corpus kept."""
    from newsdesk.repair.unicode import fix_encoding

    return not fix_encoding(paragraph.text)


def load(mirrors: Path = MIRRORS, refresh: bool = False) -> list[Paragraph]:
    """Every paragraph of every snapshot found under ``mirrors`` (cached after the first run)."""
    cache = CACHE / "paragraphs.json"
    if cache.exists() and not refresh:
        return [Paragraph(**row) for row in json.loads(cache.read_text(encoding="utf-8"))]
    paragraphs: list[Paragraph] = []
    for name, (folder, read) in SOURCES.items():
        mirror = mirrors / folder / "repo"
        if not mirror.exists():
            print(f"(snapshot {folder} not found under {mirrors}: {name} skipped)")
            continue
        paragraphs.extend(read(mirror))
    unique = [p for p in {(p.text, p.language): p for p in paragraphs}.values() if _clean(p)]
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps([asdict(p) for p in unique], ensure_ascii=False), "utf-8")
    return unique
