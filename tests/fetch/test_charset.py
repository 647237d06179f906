"""The charset of a fetched body: header, BOM, in-document declaration, or sniffed."""

from __future__ import annotations

import pytest
from aiohttp import web

from newsdesk.fetch import Fetcher

from .conftest import LOCAL, TESTDATA, Serve, app_with

STORY_WORDS = "Городской совет Верхнеречинска"


def _file_route(name: str, content_type: str):
    async def handler(_request: web.Request) -> web.Response:
        body = (TESTDATA / name).read_bytes()
        return web.Response(body=body, headers={"Content-Type": content_type})

    return handler


@pytest.mark.parametrize(
    ("name", "content_type", "charset"),
    [
        ("charset_in_header_koi8-r.html", "text/html; charset=KOI8-R", "koi8-r"),
        ("charset_in_meta_windows-1251.html", "text/html", "cp1251"),
        ("charset_in_meta_http-equiv_koi8-r.html", "text/html", "koi8-r"),
        ("encoding_windows-1251_xml-declaration.xml", "application/rss+xml", "cp1251"),
        ("encoding_windows-1251_undeclared.html", "text/html", "cp1251"),
    ],
)
async def test_charset_found_and_text_decodes(
    serve: Serve, name: str, content_type: str, charset: str
) -> None:
    base = await serve(app_with({"/page": _file_route(name, content_type)}))
    async with Fetcher(LOCAL) as fetcher:
        result = await fetcher.fetch(base + "/page")
    assert result.status == 200
    assert result.charset == charset
    assert "Верхнеречинска" in result.text()


async def test_utf8_bom_is_found_and_stripped(serve: Serve) -> None:
    base = await serve(app_with({"/page": _file_route("bom_utf-8.html", "text/html")}))
    async with Fetcher(LOCAL) as fetcher:
        result = await fetcher.fetch(base + "/page")
    assert result.charset == "utf-8-sig"
    assert result.text().startswith("<html><body><p>Café «Заречный»")


async def test_utf16_bom_is_found(serve: Serve) -> None:
    base = await serve(app_with({"/page": _file_route("bom_utf-16le.html", "text/html")}))
    async with Fetcher(LOCAL) as fetcher:
        result = await fetcher.fetch(base + "/page")
    assert result.charset == "utf-16"
    assert result.text().startswith("<html><body><p>Городской совет")


async def test_header_charset_wins_over_meta(serve: Serve) -> None:
    # The file says windows-1251 in a meta tag; the server's header says koi8-r.
    page = "charset_in_meta_windows-1251.html"
    body = (TESTDATA / page).read_bytes().decode("cp1251").encode("koi8-r")

    async def handler(_request: web.Request) -> web.Response:
        return web.Response(body=body, headers={"Content-Type": "text/html; charset=koi8-r"})

    base = await serve(app_with({"/page": handler}))
    async with Fetcher(LOCAL) as fetcher:
        result = await fetcher.fetch(base + "/page")
    assert result.charset == "koi8-r"
    assert STORY_WORDS in result.text()


async def test_latin1_label_is_read_as_windows_1252(serve: Serve) -> None:
    # Pages labelled ISO-8859-1 routinely contain cp1252 quotes (0x93/0x94), as browsers know.
    body = "<p>\u201cThe Solka Herald\u201d reopens</p>".encode("cp1252")

    async def handler(_request: web.Request) -> web.Response:
        return web.Response(body=body, headers={"Content-Type": "text/html; charset=ISO-8859-1"})

    base = await serve(app_with({"/page": handler}))
    async with Fetcher(LOCAL) as fetcher:
        result = await fetcher.fetch(base + "/page")
    assert result.charset == "cp1252"
    assert result.text() == "<p>\u201cThe Solka Herald\u201d reopens</p>"
