"""Turn one HTML page into a clean, credited ``Article``: the orchestration of this stage."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from newsdesk.records import Article

from .blocks import Block
from .body import read_body
from .chrome import is_chrome
from .credits import find_credit
from .errors import ExtractError
from .language import decide_language
from .metadata import PageMeta, read_metadata

MAX_HTML_CHARS = 8_000_000  # larger input is not an article page; refuse rather than stall
_LOOKS_LIKE_HTML = re.compile(r"<\s*(?:!doctype|html|head|body|article|main|div|p|h1)\b", re.I)
_OPENING_BLOCKS = 4  # where a repeated title, standfirst or byline can sit
_BYLINE_MAX_WORDS = 10
_LANGUAGE_SAMPLE_BLOCKS = 8
_NAV_LINK_MAX_WORDS = 6  # a lone link this short is navigation ("Home", "Sport", a teaser)


def extract_article(
    html: str,
    url: str,
    *,
    learned_chrome: frozenset[str] = frozenset(),
    language_hint: str | None = None,
    body_selector: str | None = None,
) -> Article:
    """Extract the story text, metadata and credited origin outlet of one article page.

    ``learned_chrome`` holds ``line_key`` values learned for this site (see
    ``learned_chrome_keys``); lines with those keys are removed like fixed chrome.
    Raises ``ExtractError`` when the input is empty, not HTML, or has no text at all.
    """
    _check_input(html)
    tree = LexborHTMLParser(html)
    meta = read_metadata(tree, url)
    body = read_body(html, tree, body_selector, meta.article_body)
    blocks = body.blocks
    if not blocks and not meta.title:
        raise ExtractError("The page has neither a title nor any body text.")
    sample = " ".join([meta.title, *(block.text for block in blocks[:_LANGUAGE_SAMPLE_BLOCKS])])
    language = decide_language(meta.declared_languages, language_hint, sample)
    blocks = _drop_repeats(blocks, meta)
    credit, credit_lines = find_credit([b.text for b in blocks], language,
                                       own_names=meta.own_names)
    kept, removed = _split_chrome(blocks, set(credit_lines), learned_chrome, meta.own_names)
    return Article(
        url=url,
        title=meta.title,
        summary=_summary(meta, kept, learned_chrome),
        text="\n\n".join(block.text for block in kept),
        headings=[block.text for block in kept if block.kind == "heading"],
        authors=meta.authors,
        published=meta.published,
        updated=meta.updated,
        language=language,
        canonical_url=meta.canonical_url,
        image=meta.image,
        tags=meta.tags,
        publisher=meta.publisher,
        original_source=credit,
        chrome_removed=removed + body.unsupported,
    )


def _check_input(html: str) -> None:
    if not isinstance(html, str):
        raise ExtractError(f"Expected the page as text, got {type(html).__name__}.")
    if not html.strip():
        raise ExtractError("The page is empty.")
    if len(html) > MAX_HTML_CHARS:
        raise ExtractError(f"The page is larger than {MAX_HTML_CHARS} characters.")
    if "\x00" in html[:4096] or not _LOOKS_LIKE_HTML.search(html[:200_000]):
        raise ExtractError("The input is not an HTML page.")


def _drop_repeats(blocks: list[Block], meta: PageMeta) -> list[Block]:
    """Drop the title, standfirst and byline where the body repeats them at its top."""
    repeats = {_fold(meta.title), _fold(meta.standfirst)} - {""}
    authors = [author.casefold() for author in meta.authors]
    kept = []
    for index, block in enumerate(blocks):
        opening = index < _OPENING_BLOCKS
        if opening and (_fold(block.text) in repeats or _is_byline(block.text, authors)):
            continue
        kept.append(block)
    return kept


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
    return block.link_only and len(block.text.split()) <= _NAV_LINK_MAX_WORDS


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
    return " ".join(text.casefold().split())
