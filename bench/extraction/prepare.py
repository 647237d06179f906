"""Prepare the real-page corpora for the extraction benchmark (like unpacking a data set).

    .venv/bin/python bench/extraction/prepare.py [--readability GIT_DIR] [--fundus GIT_DIR]
                                                 [--out DIR]

Reads two public corpora from git snapshots (mirrors without a work tree; nothing is
committed to this repository) and writes one JSON-lines file per set to ``--out``
(default ``~/.cache/newsdesk-bench/extraction``):

- ``readability``: mozilla/readability ``test/test-pages/*``: ``source.html``, the text of
  ``expected.html`` as the body, ``expected-metadata.json`` for title, byline, date.
- ``fundus``: flairNLP/fundus ``tests/resources/parser/test_data/<cc>/``: every
  ``<Publisher>_<date>.html.gz`` with the expected body (summary + sections), title,
  authors and publishing date from ``<Publisher>.json``. A publisher's JSON holds one entry
  per parser version (``V1``, ``V1_1``, ``V2``...); its pages, oldest first, pair with the
  versions in order, as fundus's own tests pair them by crawl date.

chatnoir-eu/web-content-extraction-benchmark keeps its data in Git LFS; the snapshot holds
only pointer files, so it cannot be used here.

Every page gets a ``split``: ``tune`` or ``held-out``, by a stable hash of its publisher
(fundus) or page name (readability). Rules were tuned looking at ``tune`` pages only.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

MIRRORS = Path("/work/.mirror")
DEFAULT_READABILITY = MIRRORS / "mozilla+readability" / "repo"
DEFAULT_FUNDUS = MIRRORS / "flairNLP+fundus" / "repo"
DEFAULT_OUT = Path.home() / ".cache" / "newsdesk-bench" / "extraction"
READABILITY_PAGES = "test/test-pages"
FUNDUS_PAGES = "tests/resources/parser/test_data"
_BLOCKS = "p, div, li, h1, h2, h3, h4, h5, h6, blockquote, pre, tr, br, figcaption, dd, dt"


def split_of(name: str) -> str:
    """A stable half of the names: the same page is always on the same side."""
    return "held-out" if hashlib.sha1(name.encode()).digest()[0] % 2 else "tune"


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True,
                          capture_output=True).stdout


def _files(git_dir: Path, folder: str) -> list[str]:
    return _git(git_dir, "ls-tree", "-r", "--name-only", "HEAD", folder).decode().splitlines()


def _show(git_dir: Path, path: str) -> bytes:
    return _git(git_dir, "show", f"HEAD:{path}")


def html_text(html: str) -> str:
    """Visible text of an HTML fragment, one line per block."""
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, noscript"):
        node.decompose()
    for node in tree.css(_BLOCKS):
        node.insert_after("\n")
    root = tree.body or tree.root
    text = root.text(separator="") if root else ""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def readability_pages(git_dir: Path) -> Iterator[dict]:
    names = sorted({path.split("/")[2] for path in _files(git_dir, READABILITY_PAGES)})
    for name in names:
        folder = f"{READABILITY_PAGES}/{name}"
        html = _show(git_dir, f"{folder}/source.html").decode("utf-8", "replace")
        expected = _show(git_dir, f"{folder}/expected.html").decode("utf-8", "replace")
        meta = json.loads(_show(git_dir, f"{folder}/expected-metadata.json"))
        byline = meta.get("byline") or ""
        yield {
            "id": f"readability/{name}", "set": "readability", "split": split_of(name),
            "url": f"http://fakehost/test/{name}/", "html": html,
            "gold": {"body": html_text(expected), "title": meta.get("title") or None,
                     "authors": [byline] if byline else None,
                     "date": meta.get("publishedTime") or None},
        }


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def fundus_pages(git_dir: Path) -> Iterator[dict]:
    files = _files(git_dir, FUNDUS_PAGES)
    for json_path in sorted(p for p in files if p.endswith(".json")):
        country, publisher = json_path.split("/")[-2], Path(json_path).stem
        expected = json.loads(_show(git_dir, json_path))
        meta = json.loads(_show(git_dir, f"{FUNDUS_PAGES}/{country}/meta.info"))
        pages = sorted(p for p in files if p.startswith(f"{FUNDUS_PAGES}/{country}/{publisher}_")
                       and p.endswith(".html.gz"))
        versions = sorted(expected, key=_version_key)
        if len(pages) != len(versions):
            continue  # cannot pair pages with expectations; never guess
        for page, version in zip(pages, versions, strict=True):
            gold = expected[version]
            html = gzip.decompress(_show(git_dir, page)).decode("utf-8", "replace")
            file_name = page.rsplit("/", 1)[1]
            yield {
                "id": f"fundus/{country}/{file_name.removesuffix('.html.gz')}", "set": "fundus",
                "split": split_of(publisher), "publisher": publisher, "country": country,
                "url": meta.get(file_name, {}).get("url") or f"https://{publisher}.invalid/",
                "html": html,
                "gold": {"body": _fundus_body(gold.get("body")), "title": gold.get("title"),
                         "authors": gold.get("authors"),
                         "date": gold.get("publishing_date")},
            }


def _fundus_body(body: dict | None) -> str | None:
    """Fundus's article text: the summary, then each section's headline and paragraphs."""
    if not body:
        return None
    parts = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return "\n".join(" ".join(part.split()) for part in parts if part.strip()) or None


def _write(pages: Iterator[dict], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for page in pages:
            out.write(json.dumps(page, ensure_ascii=False) + "\n")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readability", type=Path, default=DEFAULT_READABILITY,
                        help="git dir of a mozilla/readability snapshot")
    parser.add_argument("--fundus", type=Path, default=DEFAULT_FUNDUS,
                        help="git dir of a flairNLP/fundus snapshot")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, pages in (("readability", readability_pages(args.readability)),
                        ("fundus", fundus_pages(args.fundus))):
        count = _write(pages, args.out / f"{name}.jsonl")
        print(f"{name}: {count} pages -> {args.out / f'{name}.jsonl'}")


if __name__ == "__main__":
    main()
