"""The interface in English, Persian and Arabic: gettext catalogs, the page's language and
direction from its content, isolated interface words, native digits and calendars."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from lxml import html

from newsdesk.config import SiteSettings
from newsdesk.publish import create_web_app
from newsdesk.publish.i18n import Interface, translations
from newsdesk.store import Store
from tests.publish.conftest import TestClient
from tests.publish.newsroom import Newsroom
from tests.publish.test_site import text

PACKAGE = Path(__file__).parents[2] / "src" / "newsdesk"
LOCALE = PACKAGE / "publish" / "i18n" / "locale"
PERSIAN_DIGITS = re.compile("[۰-۹]")
LATIN_DIGITS = re.compile("[0-9]")


def client_in(store: Store, language: str, **settings: Any) -> TestClient:
    return TestClient(create_web_app(store, site=SiteSettings(language=language, **settings)))


def doc(client: TestClient, path: str) -> Any:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    return html.fromstring(answer.text)


def test_persian_site_speaks_persian_with_persian_digits(store: Store, room: Newsroom) -> None:
    with client_in(store, "fa", timezone="Asia/Tehran") as client:
        home = doc(client, "/")
    assert (home.get("lang"), home.get("dir")) == ("fa", "rtl")
    assert text(home.xpath("//h1")[0]) == "تازه‌ترین خبرها"
    assert [text(a) for a in home.xpath("//nav[@aria-label]//a")][:1] == ["تازه‌ها"]
    meta = text(home.xpath("//main//li//p[@class='meta']")[0])
    assert "۱ رسانه" in meta and "پیش" in meta  # "1 outlet", "… ago"
    times = home.xpath("//main//time")
    assert all(PERSIAN_DIGITS.search(t.text_content()) or "دیروز" in t.text_content()
               for t in times)
    assert all(not LATIN_DIGITS.search(t.text_content()) for t in times)
    assert all(re.search(r"[۰-۹]+ (فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|"
                         r"بهمن|اسفند) ۱۴[۰-۹]{2}", t.get("title")) for t in times)


def test_a_persian_story_page_reads_in_persian_even_on_an_english_site(
        client: Any, room: Newsroom) -> None:
    page = doc(client, f"/stories/{room.stories['rtl']}")
    assert (page.get("lang"), page.get("dir")) == ("fa", "rtl")
    meta = text(page.xpath("//article/p[@class='meta']")[0])
    assert "updated" not in meta and "just now" not in meta and "منتشرشده" in meta
    assert "هنوز رسانهٔ دیگری این خبر را منتشر نکرده است." in text(page)
    names = page.xpath("//section//p[@class='meta']//bdi")
    assert [text(n) for n in names] == ["Sarv News"]  # a Latin name in Persian words: isolated


def test_an_english_story_on_a_persian_site_keeps_english_words(store: Store,
                                                                 room: Newsroom) -> None:
    with client_in(store, "fa") as client:
        page = doc(client, f"/stories/{room.stories['ferry']}")
        home = doc(client, "/")
    assert (page.get("lang"), page.get("dir")) == ("en", "ltr")
    assert "Copies and rewrites (2)" in text(page)
    english = home.xpath("//main//h2[@lang='en']")
    assert english and all(h.get("dir") == "ltr" for h in english)


def test_arabic_site_uses_arabic_digits_and_may_add_the_hijri_date(store: Store,
                                                                    room: Newsroom) -> None:
    with client_in(store, "ar", hijri=True) as client:
        page = doc(client, f"/articles/{room.articles['ferry-orig']}")
        home = doc(client, "/")
    assert (home.get("lang"), home.get("dir")) == ("ar", "rtl")
    assert text(home.xpath("//h1")[0]) == "آخر الأخبار"
    assert "وسائل إعلام" in text(home)  # 3 outlets: Arabic's plural for three to ten
    assert "٣" in text(home) and not LATIN_DIGITS.search(text(home.xpath("//main")[0]))
    when = text(page.xpath("//article//time")[0])
    assert page.get("lang") == "en"  # an English article: its page reads in English
    assert when and LATIN_DIGITS.search(when)
    arabic = Interface("ar", hijri=True)
    stamp = arabic.when(datetime(2031, 3, 14, 9, 30, tzinfo=UTC))
    assert stamp.startswith("١٤ مارس ٢٠٣١") and "ذو القعدة" in stamp and "هـ" in stamp


def test_relative_times_in_each_language() -> None:
    now = datetime(2031, 3, 14, 12, 0, tzinfo=UTC)
    at = {code: Interface(code, clock=lambda: now) for code in ("en", "fa", "ar")}
    assert at["en"].ago(now - timedelta(seconds=20)) == "just now"
    assert at["en"].ago(now - timedelta(hours=3)) == "3 hours ago"
    assert at["fa"].ago(now - timedelta(hours=3)) == "۳ ساعت پیش"
    assert at["ar"].ago(now - timedelta(hours=3)) == "قبل ٣ ساعات"
    assert at["ar"].ago(now - timedelta(days=2)) == "قبل يومين"
    assert at["en"].ago(now - timedelta(days=40)) == "2 February 2031"
    assert at["fa"].ago(now - timedelta(days=40)) == "۱۳ بهمن ۱۴۰۹"


def test_an_unknown_interface_language_is_a_clear_error(store: Store) -> None:
    with pytest.raises(ValueError, match="NEWSDESK_LANGUAGE='tlh'"):
        create_web_app(store, site=SiteSettings(language="tlh"))


def _extracted() -> set[str | tuple[str, str]]:
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found: set[str | tuple[str, str]] = set()
    for _name, _line, message, _comments, _context in extract_from_dir(
            PACKAGE / "publish", method_map, options, keywords={
                "_": None, "gettext": None, "ngettext": (1, 2)}):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


@pytest.mark.parametrize("language", ["fa", "ar"])
def test_every_interface_string_is_translated(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "site.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}
    missing = _extracted() - set(translated)
    assert not missing, f"run pybabel extract/update, then translate: {sorted(map(str, missing))}"
    for key, message in translated.items():
        assert not message.fuzzy, key
        strings = [message.string] if isinstance(message.string, str) else message.string
        assert all(strings), f"{key!r} has no {language} translation"
        wanted = set(re.findall(r"%\(\w+\)s", str(key)))
        assert all(set(re.findall(r"%\(\w+\)s", s)) == wanted for s in strings), key
    assert translations(language).ngettext("%(num)s outlet", "%(num)s outlets", 3)


def test_catalogs_ship_with_the_package() -> None:
    """A plain `pip install` carries every data file the package reads, catalogs included."""
    patterns = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())[
        "tool"]["setuptools"]["package-data"]["newsdesk"]
    suffixes = {p.rsplit("*", 1)[-1] for p in patterns if p.startswith("**/*")}
    data = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix not in {".py", ".pyc"}
            and "__pycache__" not in p.parts and p.name != "py.typed"]
    unshipped = [str(p.relative_to(PACKAGE)) for p in data
                 if p.suffix not in suffixes and p.suffix != ".cfg" and p.suffix != ".pot"]
    assert not unshipped, unshipped
    assert ".po" in suffixes
