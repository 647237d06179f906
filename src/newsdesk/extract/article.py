"""Turn one HTML page into a clean, credited ``Article``: the orchestration of this stage.

Every step is total: a step that fails falls back (to the next reading of the body, to no
credit, to the lines unfiltered) and says so in ``Article.warnings``. A page that cannot be
read at all still gives an article, from the feed item when there is one, with
``page_read=False``: the pipeline stores it and keeps the item for another try.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from newsdesk.records import Article, Credit, SourceItem

from .blocks import Block
from .body import read_body
from .chrome import is_chrome
from .credits import find_credit
from .identity import identity
from .item import fill_from_item, unread_article
from .language import decide_language
from .metadata import PageMeta, read_metadata
from .steps import run_step

MAX_HTML_CHARS = 8_000_000  # beyond this a page is cut: the story is near the top
_LOOKS_LIKE_HTML = re.compile(r"<\s*(?:!doctype|html|head|body|article|main|div|p|h1)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # lxml refuses them; no text needs them
_OPENING_BLOCKS = 4  # where a repeated title, standfirst or byline can sit
_BYLINE_MAX_WORDS = 10
_KICKER_MAX_CHARS = 60  # a section or topic label run into the title: "Budget 2026: ..."
_LANGUAGE_SAMPLE_BLOCKS = 8
_NAV_LINK_MAX_WORDS = 6  # a lone link this short is navigation ("Home", "Sport", a teaser)
_TEASER_MAX_WORDS = 25  # a longer link line without a sentence's end is a teaser headline
_SENTENCE_END = frozenset(".!?؟。")


def extract_article(
    html: str,
    url: str,
    *,
    item: SourceItem | None = None,
    learned_chrome: frozenset[str] = frozenset(),
    language_hint: str | None = None,
    body_selector: str | None = None,
) -> Article:
    """The story text, metadata and credited origin outlet of one article page. Never raises.

    ``item`` is what the source listed for this page: it fills what the page leaves out, and
    is all there is when the page cannot be read (``page_read`` is then False and
    ``warnings`` says why). ``learned_chrome`` holds ``line_key`` values learned for this
    site (see ``learned_chrome_keys``); lines with those keys are removed like fixed chrome.
    """
    warnings: list[str] = []
    html, problem = _readable(html, warnings)
    if problem:
        return unread_article(url, item, problem, warnings)
    tree = _parse(html, warnings)
    if tree is None:
        return unread_article(url, item, "The page could not be parsed as HTML.", warnings)
    meta = run_step("metadata", warnings, PageMeta(), read_metadata, tree, url, html)
    body = read_body(html, tree, body_selector, meta.article_body)
    warnings += body.warnings
    if not body.blocks and not meta.title:
        return unread_article(url, item, "The page has neither a title nor any body text.",
                              warnings)
    article = _article(url, meta, body.blocks, warnings, learned_chrome, language_hint)
    article.chrome_removed += body.unsupported
    return fill_from_item(article, item) if item else article


def _article(url: str, meta: PageMeta, blocks: list[Block], warnings: list[str],
             learned: frozenset[str], language_hint: str | None) -> Article:
    sample = " ".join([meta.title, *(block.text for block in blocks[:_LANGUAGE_SAMPLE_BLOCKS])])
    language = run_step("language", warnings, language_hint, decide_language,
                        meta.declared_languages, language_hint, sample)
    blocks = run_step("repeats", warnings, blocks, _drop_repeats, blocks, meta)
    no_credit: tuple[Credit | None, list[int]] = (None, [])
    credit, credit_lines = run_step("credit", warnings, no_credit, find_credit,
                                    [b.text for b in blocks], language,
                                    own_names=meta.own_names)
    kept, removed = run_step("chrome", warnings, (blocks, []), _split_chrome, blocks,
                             set(credit_lines), learned, meta.own_names)
    kept = _with_standfirst(kept, meta.standfirst, meta.title)
    canonical, origin = identity(url, meta.canonical_url)
    return Article(
        url=url,
        title=meta.title,
        summary=run_step("summary", warnings, "", _summary, meta, kept, learned),
        text="\n\n".join(block.text for block in kept),
        headings=[block.text for block in kept if block.kind == "heading"],
        authors=meta.authors,
        published=meta.published,
        updated=meta.updated,
        language=language,
        canonical_url=canonical,
        image=meta.image,
        tags=meta.tags,
        publisher=meta.publisher,
        original_source=credit,
        chrome_removed=removed,
        warnings=warnings,
        origin_url=origin,
    )


def _parse(html: str, warnings: list[str]) -> LexborHTMLParser | None:
    try:
        return LexborHTMLParser(html)
    except UnicodeError:  # lone surrogates from a broken decoder
        warnings.append("characters that are not valid Unicode were replaced")
        html = html.encode("utf-8", errors="replace").decode("utf-8")
    except Exception as exc:
        warnings.append(f"parsing failed: {type(exc).__name__}: {str(exc)[:200]}")
        return None
    return _parse(html, warnings)


def _readable(html: object, warnings: list[str]) -> tuple[str, str | None]:
    """The page text made safe to parse, or why it cannot be an article page."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
        warnings.append("the page came as bytes; read as UTF-8")
    if not isinstance(html, str):
        return "", f"Expected the page as text, got {type(html).__name__}."
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
        warnings.append(f"the page was cut at {MAX_HTML_CHARS:,} characters")
    if _CONTROL.search(html):
        html = _CONTROL.sub("", html)
        warnings.append("control characters (NUL and the like) were removed from the page")
    if not html.strip():
        return "", "The page is empty."
    if not _LOOKS_LIKE_HTML.search(html[:200_000]):
        return "", "The page is not HTML."
    return html, None


def _drop_repeats(blocks: list[Block], meta: PageMeta) -> list[Block]:
    """Drop the title (alone, or behind a kicker: "Budget: Cabinet approves ...") and the
    byline where the body repeats them at its top."""
    title = _fold(meta.title)
    authors = [author.casefold() for author in meta.authors]
    kept = []
    for index, block in enumerate(blocks):
        opening = index < _OPENING_BLOCKS
        if opening and (_is_title(_fold(block.text), title) or _is_byline(block.text, authors)):
            continue
        kept.append(block)
    return kept


def _is_title(folded: str, title: str) -> bool:
    return bool(title) and (folded == title or (
        folded.endswith(title) and len(folded) - len(title) <= _KICKER_MAX_CHARS))


def _with_standfirst(blocks: list[Block], standfirst: str, title: str) -> list[Block]:
    """The page's standfirst opens the text, where the main-text reading left it out (not a
    header box that holds the title too)."""
    folded = _fold(standfirst)
    if not folded or (title and _fold(title) in folded) or any(
            folded in _fold(block.text) for block in blocks[:_OPENING_BLOCKS]):
        return blocks
    return [Block("paragraph", " ".join(standfirst.split())), *blocks]


def _is_byline(text: str, authors: list[str]) -> bool:
    folded = text.casefold()
    return (bool(authors) and len(text.split()) <= _BYLINE_MAX_WORDS
            and text[-1:] not in ".?!؟" and all(author in folded for author in authors))


def _split_chrome(
    blocks: list[Block], credit_lines: set[int], learned: frozenset[str], own: list[str]
) -> tuple[list[Block], list[str]]:
    """Separate story blocks from chrome; a list right after a chrome line is chrome too
    (the links under "Related", the buttons under "Share")."""
    kept: list[Block] = []
    removed: list[str] = []
    in_chrome_list = False
    for index, block in enumerate(blocks):
        chrome = (index in credit_lines or _is_nav_link(block)
                  or is_chrome(block.text, learned=learned, own_names=own))
        if chrome or (in_chrome_list and block.kind == "item"):
            removed.append(block.text)
            in_chrome_list = True
            continue
        in_chrome_list = False
        kept.append(block)
    return kept, removed


def _is_nav_link(block: Block) -> bool:
    """A menu entry ("Sport"), or a teaser headline linking to another story."""
    words = len(block.text.split())
    return block.link_only and (words <= _NAV_LINK_MAX_WORDS or (
        block.kind != "heading" and words <= _TEASER_MAX_WORDS
        and block.text[-1:] not in _SENTENCE_END))


def _summary(meta: PageMeta, kept: list[Block], learned: frozenset[str]) -> str:
    """The standfirst, else the meta description, else the first paragraph; never chrome."""
    first_paragraph = next((b.text for b in kept if b.kind == "paragraph"), "")
    for candidate in (meta.standfirst, meta.description, first_paragraph):
        if not candidate:
            continue
        _credit, credit_lines = find_credit([candidate], None, own_names=meta.own_names)
        if not credit_lines and not is_chrome(candidate, learned=learned,
                                               own_names=meta.own_names):
            return candidate
    return ""


def _fold(text: str) -> str:
    return " ".join(text.replace("\xad", "").casefold().split())
