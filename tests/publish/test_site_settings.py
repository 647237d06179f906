"""An operator's own site: its name, logo, about page and templates; pictures it serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import html

from newsdesk.config import SiteSettings, load_config
from newsdesk.publish import create_web_app
from newsdesk.store import Store
from tests.images.pictures import photo
from tests.publish.conftest import TestClient
from tests.publish.newsroom import Newsroom, give_picture
from tests.publish.test_site import text


def test_settings_come_from_the_environment(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSDESK_SITE_NAME", "Gullhaven Daily")
    monkeypatch.setenv("NEWSDESK_LANGUAGE", "FA")
    monkeypatch.setenv("NEWSDESK_TIMEZONE", "Asia/Tehran")
    monkeypatch.setenv("NEWSDESK_SITE_LOGO", str(tmp_path / "logo.png"))
    monkeypatch.setenv("NEWSDESK_HIJRI", "yes")
    site = load_config().site
    assert (site.name, site.language, site.timezone, site.hijri) == (
        "Gullhaven Daily", "fa", "Asia/Tehran", True)
    assert site.logo == tmp_path / "logo.png" and site.about is None


def test_name_logo_and_about_page(store: Store, room: Newsroom, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(photo(64, 64, "PNG"))
    about = tmp_path / "about.html"
    about.write_text('<h2>Who we are</h2><p>A desk on <a href="https://gullhaven.example"'
                     ' onclick="x()">Gullhaven</a>.</p><script>alert(1)</script>')
    settings = SiteSettings(name="Gullhaven Daily", logo=tmp_path / "logo.png", about=about)
    with TestClient(create_web_app(store, site=settings)) as client:
        home = html.fromstring(client.get("/").text)
        logo = client.get("/site-logo")
        page = client.get("/about").text
    assert text(home.xpath("//a[@class='brand']")[0]) == "Gullhaven Daily"
    assert home.xpath("//a[@class='brand']/img/@src") == ["/site-logo"]
    assert "Gullhaven Daily" in text(home.xpath("//footer")[0])
    assert logo.status_code == 200 and logo.headers["content-type"] == "image/png"
    assert "<h2>Who we are</h2>" in page and 'href="https://gullhaven.example"' in page
    assert "onclick" not in page and "alert(1)" not in page


def test_templates_can_be_overridden_one_by_one(store: Store, room: Newsroom,
                                                 tmp_path: Path) -> None:
    (tmp_path / "about.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ _("About") }}: {{ site.name }}'
        "</h1><p>Our own words.</p>{% endblock %}")
    settings = SiteSettings(name="Gullhaven Daily", templates=tmp_path, language="fa")
    with TestClient(create_web_app(store, site=settings)) as client:
        about = html.fromstring(client.get("/about").text)
        home = html.fromstring(client.get("/").text)
    assert text(about.xpath("//h1")[0]) == "درباره: Gullhaven Daily"
    assert "Our own words." in text(about)
    assert text(home.xpath("//h1")[0]) == "تازه‌ترین خبرها"  # the others stay built in


def test_pictures_are_ours_lazy_sized_and_described(client: Any, store: Store,
                                                    room: Newsroom) -> None:
    kept = give_picture(store, room.articles["moth"], photo(1600, 1000))
    page = html.fromstring(client.get(f"/articles/{room.articles['moth']}").text)
    img = page.xpath("//figure[@class='lead']//img")[0]
    assert img.get("loading") == "lazy" and img.get("alt") == "Retired teacher finds a new moth"
    assert (img.get("width"), img.get("height")) == ("960", "600")
    sources = page.xpath("//figure[@class='lead']//source")
    assert sources[0].get("type") == "image/webp"
    assert sources[0].get("srcset").count("w,") == 2  # 320w, 640w, 960w
    every_src = page.xpath("//img/@src") + [
        part.split()[0] for srcset in page.xpath("//@srcset") for part in srcset.split(",")]
    assert len(every_src) == 7 and all(s.startswith("/images/") for s in every_src)
    assert "ternvalley.example/moth.jpg" not in html.tostring(page).decode()  # never hot-linked
    home = html.fromstring(client.get("/").text)
    thumb = home.xpath("//div[@class='thumb']//img")
    assert len(thumb) == 1 and thumb[0].get("alt") == ""  # beside its headline: decorative
    assert thumb[0].get("loading") == "lazy" and thumb[0].get("width")
    served = client.get(f"/images/{kept.key}-640.webp")
    assert served.status_code == 200 and served.headers["content-type"] == "image/webp"
    assert "immutable" in served.headers["cache-control"]
    assert "max-age=31536000" in served.headers["cache-control"]
    again = client.get(f"/images/{kept.key}-640.webp",
                       headers={"If-None-Match": served.headers["etag"]})
    assert again.status_code == 304
    assert "content-encoding" not in served.headers  # already compressed: not gzipped again
    for bad in (f"{kept.key}-641.webp", "../../etc/passwd", f"{kept.key}-640.png",
                "0" * 32 + "-640.jpg"):
        assert client.get(f"/images/{bad}").status_code == 404, bad
