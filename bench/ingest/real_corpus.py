"""Real public news pages, read from two projects' test corpora at benchmark time.

- flairNLP/fundus: ``tests/resources/parser/test_data/<cc>/<Publisher>_<date>.html.gz``,
  pages of some 180 publishers in many languages, with ``meta.info`` (the URL each page was
  crawled from and when) and ``<Publisher>.json`` (what fundus parses out of each page, by
  parser version ``V1``, ``V2``…, one page per version, oldest first);
- mozilla/readability: ``test/test-pages/<name>/source.html`` with ``expected-metadata.json``.

Both are read from bare git mirrors with ``git archive`` (nothing is copied into this repo).
Each fundus publisher becomes one outlet; the readability pages are dealt into a few outlets.
Pages are kept gzip-compressed, as a server would send them.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

FUNDUS_DATA = "tests/resources/parser/test_data"
READABILITY_DATA = "test/test-pages"
FUNDUS_URL = "https://github.com/flairNLP/fundus"
READABILITY_URL = "https://github.com/mozilla/readability"
BASE_TIME = datetime(2025, 3, 4, 6, 0, tzinfo=UTC)  # for pages that carry no date
_FUNDUS_PAGE = re.compile(r"(?P<publisher>.+)_(?P<date>\d{4}_\d{2}_\d{2})\.html\.gz$")
_TITLE = re.compile(
    rb'<meta[^>]+property=["\']og:title["\'][^>]+content=["\']([^"\']+)|<title[^>]*>([^<]+)',
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Page:
    """One article page: ``slug`` names it in its outlet's URLs; ``body`` is gzip-compressed."""

    slug: str
    title: str
    summary: str
    published: datetime
    body: bytes


@dataclass(frozen=True, slots=True)
class Outlet:
    """A feed and its pages, newest first."""

    name: str
    corpus: str
    pages: tuple[Page, ...]


class MissingCorpus(Exception):
    """A corpus's git mirror is not there; the message says how to get it."""


def _archive(repo: Path, path: str) -> dict[str, bytes]:
    """Every file under ``path`` at the mirror's HEAD, by its path inside the repository."""
    if not (repo / "HEAD").exists() and not (repo / ".git").exists():
        raise MissingCorpus(f"no git repository at {repo}")
    tar = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", "HEAD", path],
                         capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        return {m.name: archive.extractfile(m).read()  # type: ignore[union-attr]
                for m in archive.getmembers() if m.isfile()}


def page_title(html: bytes) -> str:
    """The page's ``og:title``, else its ``<title>``, else empty."""
    match = _TITLE.search(html)
    if not match:
        return ""
    raw = match.group(1) or match.group(2)
    return " ".join(unescape(raw.decode("utf-8", "replace")).split())


def fundus_outlets(repo: Path) -> list[Outlet]:
    """One outlet per fundus publisher, its pages newest first."""
    files = _archive(repo, FUNDUS_DATA)
    pages: dict[tuple[str, str], list[tuple[datetime, str, bytes]]] = {}
    for path, body in files.items():
        folder, _, name = path.rpartition("/")
        match = _FUNDUS_PAGE.match(name)
        if match is None:
            continue
        meta = json.loads(files.get(f"{folder}/meta.info", b"{}")).get(name, {})
        crawled = _date(meta.get("crawl_date")) or datetime.strptime(
            match["date"], "%Y_%m_%d").replace(tzinfo=UTC)
        pages.setdefault((folder, match["publisher"]), []).append((crawled, name, body))
    outlets = []
    for (folder, publisher), found in sorted(pages.items()):
        found.sort()  # oldest first, as fundus's parser versions are
        parsed = _fundus_versions(files.get(f"{folder}/{publisher}.json"), len(found))
        outlet_pages = []
        for (crawled, name, body), (title, summary) in zip(found, parsed, strict=True):
            title = title or page_title(gzip.decompress(body)) or publisher
            outlet_pages.append(Page(name.removesuffix(".html.gz"), title, summary, crawled,
                                     body))
        country = folder.rpartition("/")[2]
        outlets.append(Outlet(f"{publisher} ({country})", "fundus", tuple(reversed(outlet_pages))))
    return outlets


def _fundus_versions(raw: bytes | None, pages: int) -> list[tuple[str, str]]:
    """(title, summary) for each page, oldest first, from fundus's parsed json: its versions
    pair with the pages in date order when there are as many; else nothing is known."""
    versions = json.loads(raw) if raw else {}
    if len(versions) != pages:
        return [("", "")] * pages
    ordered = sorted(versions.items(), key=lambda kv: int(re.sub(r"\D", "", kv[0]) or 0))
    known = []
    for _, parsed in ordered:
        summary = (parsed.get("body") or {}).get("summary") or []
        known.append((str(parsed.get("title") or ""), " ".join(summary)))
    return known


def readability_outlets(repo: Path, feeds: int) -> list[Outlet]:
    """The readability test pages dealt into ``feeds`` outlets, in name order."""
    files = _archive(repo, READABILITY_DATA)
    names = sorted(p.split("/")[-2] for p in files if p.endswith("/source.html"))
    pages = []
    for n, name in enumerate(names):
        folder = f"{READABILITY_DATA}/{name}"
        html = files[f"{folder}/source.html"]
        meta = json.loads(files.get(f"{folder}/expected-metadata.json", b"{}"))
        published = _date(meta.get("publishedTime")) or BASE_TIME - timedelta(minutes=17 * n)
        title = meta.get("title") or page_title(html) or name
        pages.append(Page(name, title, meta.get("excerpt") or "", published,
                          gzip.compress(html, 6)))
    feeds = max(1, min(feeds, len(pages)))
    return [Outlet(f"readability test pages {k + 1} of {feeds}", "readability",
                   tuple(sorted(pages[k::feeds], key=lambda p: p.published, reverse=True)))
            for k in range(feeds) if pages[k::feeds]]


def _date(text: object) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def load(fundus: Path | None, readability: Path | None,
         readability_feeds: int) -> tuple[list[Outlet], list[str]]:
    """The outlets of the corpora that are there, and a note for each that is missing."""
    outlets: list[Outlet] = []
    missing = []
    for repo, url, read in (
        (fundus, FUNDUS_URL, fundus_outlets),
        (readability, READABILITY_URL, lambda r: readability_outlets(r, readability_feeds)),
    ):
        if repo is None:
            continue
        try:
            outlets += read(repo)
        except (MissingCorpus, subprocess.CalledProcessError) as exc:
            missing.append(f"{url} not read from {repo} ({_reason(exc)}); fetch it with"
                           f" `git clone --bare {url} {repo}`")
    return outlets, missing


def _reason(exc: Exception) -> str:
    if isinstance(exc, subprocess.CalledProcessError):
        return (exc.stderr or b"").decode("utf-8", "replace").strip() or str(exc)
    return str(exc)
