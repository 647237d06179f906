"""Fuzzing (hypothesis) over what the web sends: URLs, feeds and pages. Each property is a
promise the hostile-input suite relies on; the example counts keep the run to seconds."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from yarl import URL

from newsdesk import extract
from newsdesk.display_text import without_controls
from newsdesk.fetch import FetchError, check_url
from newsdesk.pipeline import identity_url
from newsdesk.records import SourceKind
from newsdesk.sources import SourceParseError, parse_source
from newsdesk.urls import fetch_form, normalize_host, normalize_url

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# The pieces hostile hosts are made of: ASCII and full-width digits, every dot a browser
# accepts, hex and octal prefixes, letters (some full-width), escapes, brackets, an @.
HOST_PIECES = st.sampled_from(
    list("0123456789") + list("０１２３４５６７８９") + [".", "。", "．", "｡", "0x", "0X", "0",
    "7f", "ff", "a", "ｌ", "localhost", "ＬＯＣＡＬＨＯＳＴ", "example", "xn--", "-", "%2e",
    "%31", "[", "]", ":", "::", "ffff:", "@", "\u200b", "ß", "ü", "ı", "\u0301"])
HOSTS = st.lists(HOST_PIECES, min_size=1, max_size=12).map("".join)
SCHEMES = st.sampled_from(["http", "https", "HTTP", "ftp", "file", "javascript", ""])
PORTS = st.sampled_from(["", ":80", ":443", ":8080", ":0", ":99999", ":x"])
PATHS = st.text(st.characters(codec="utf-8"), max_size=20).map(lambda p: "/" + p)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(SCHEMES)
    prefix = f"{scheme}://" if scheme else draw(st.sampled_from(["//", ""]))
    return f"{prefix}{draw(HOSTS)}{draw(PORTS)}{draw(PATHS)}"


@FUZZ
@given(urls())
def test_the_host_checked_is_the_host_the_client_connects_to(url: str) -> None:
    """For every URL the guard accepts, the HTTP client (yarl, under aiohttp) reads the
    host of the URL we hand it exactly as we normalised it: no spelling can differ."""
    try:
        check_url(url)
    except FetchError as exc:
        assert exc.reason == "bad_url"
        return
    form = fetch_form(url)
    ours = normalize_host(urlsplit(url).hostname or "")
    assert URL(form).raw_host == ours  # what aiohttp resolves or connects to
    assert fetch_form(form) == form  # once normalised, stays put


@FUZZ
@given(HOSTS)
def test_host_normalisation_is_stable_and_its_ip_answer_is_final(host: str) -> None:
    try:
        once = normalize_host(host)
    except ValueError:
        return
    assert normalize_host(once) == once
    assert once.isascii()
    try:  # an address comes out in its one canonical form, the form the guard judges
        assert once == str(ipaddress.ip_address(once))
    except ValueError:  # a name, then: one ending in a number would have been an address
        assert not once.split(".")[-1].isdigit()


@FUZZ
@given(urls())
def test_normalize_url_is_idempotent_or_refuses(url: str) -> None:
    try:
        once = normalize_url(url, "http://outlet.example/news/")
    except ValueError:
        return
    assert normalize_url(once) == once


FEED_TEMPLATE = ("<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>"
                 "<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>"
                 "<description>{body}</description><pubDate>{date}</pubDate></item>"
                 "</channel></rss>")
TEXT = st.text(max_size=40)


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    document = FEED_TEMPLATE.format(title=draw(TEXT), link=draw(urls()), guid=draw(TEXT),
                                    body=draw(TEXT), date=draw(TEXT)).encode("utf-8",
                                                                            "surrogatepass")
    cut = draw(st.integers(0, len(document)))
    noise = draw(st.binary(max_size=20))
    return draw(st.sampled_from([document, document[:cut], document[:cut] + noise
                                 + document[cut:]]))


@FUZZ
@given(st.one_of(feeds(), st.binary(max_size=300)),
       st.sampled_from(list(SourceKind)))
def test_any_document_is_items_or_one_clear_error(body: bytes, kind: SourceKind) -> None:
    try:
        parsed = parse_source(kind, body, "http://outlet.example/feed.xml")
    except SourceParseError as exc:
        assert str(exc).strip()
        return
    for item in parsed.items:
        assert item.url.startswith(("http://", "https://"))
        assert normalize_url(item.url) == item.url


# Brackets are left out of page URLs here: a canonical link such as "http://[" makes
# extract_article raise ValueError (extract/metadata.py, `_absolute`), kept as the known
# failure below until extraction refuses such a link itself.
PAGE_URLS = urls().map(lambda url: url.replace("[", "").replace("]", ""))


def test_a_page_with_a_broken_canonical_link_is_still_an_article() -> None:
    html = PAGE_TEMPLATE.format(title="Ferry", body="The ferry sails again on Monday.",
                                canonical="http://[", lang="en")
    assert extract.extract_article(html, "http://outlet.example/news/a").title == "Ferry"


PAGE_TEMPLATE = ("<!doctype html><html lang='{lang}'><head><title>{title}</title>"
                 "<link rel='canonical' href='{canonical}'><meta property='og:title'"
                 " content='{title}'></head><body><article><h1>{title}</h1><p>{body}</p>"
                 "<p>{body}</p></article></body></html>")


@FUZZ
@given(title=TEXT, body=st.text(min_size=1, max_size=200), canonical=PAGE_URLS,
       lang=st.sampled_from(["en", "fa", "ar", "", "x" * 30]),
       cut=st.integers(0, 400))
def test_any_page_is_an_article_or_one_clear_error(title: str, body: str, canonical: str,
                                                    lang: str, cut: int) -> None:
    html = PAGE_TEMPLATE.format(title=title, body=body, canonical=canonical, lang=lang)
    assume("\x00" not in html)
    for page in (html, html[:cut]):
        try:
            article = extract.extract_article(page, "http://outlet.example/news/a")
        except extract.ExtractError:
            continue
        known_as = identity_url(article)  # the pipeline can always store it
        assert normalize_url(known_as) == known_as


@FUZZ
@given(st.text())
def test_stripping_controls_leaves_none_and_is_stable(text: str) -> None:
    clean = without_controls(text)
    assert without_controls(clean) == clean
    assert not any(c in clean for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert all(c in "\n\t" or not (ord(c) < 32 or 127 <= ord(c) < 160) for c in clean)
