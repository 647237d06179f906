"""The reader's site: what each page shows, direction, escaping, headers, paging."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from lxml import html

from newsdesk.records import Article
from newsdesk.store import Store
from tests.publish.newsroom import T0_DAY, Newsroom


def page(client: Any, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return html.fromstring(response.text)


def text(node: Any) -> str:
    return " ".join(node.text_content().split())


def test_home_lists_stories_with_lede_credit_and_outlet_count(client: Any, room: Newsroom
                                                              ) -> None:
    doc = page(client, "/")
    assert len(doc.xpath("//h1")) == 1
    items = {text(li.xpath(".//h2")[0]): text(li) for li in doc.xpath("//main//li")}
    ferry = items["Night ferry to Skarra resumes"]
    assert "sails again after a winter pause" in ferry
    assert "Gullhaven Wire" in ferry and "3 outlets" in ferry
    assert "1 outlet ·" in items["Retired teacher finds a new moth"]


def test_story_page_shows_original_then_copies_with_relation(client: Any, room: Newsroom
                                                             ) -> None:
    doc = page(client, f"/stories/{room.stories['ferry']}")
    original = text(doc.xpath("//section[@aria-labelledby='original-h']")[0])
    assert "Gullhaven Wire" in original and "Night ferry to Skarra resumes" in original
    others = [text(li) for li in doc.xpath("//section[@aria-labelledby='others-h']//li")]
    assert "copy" in others[0] and "Tern Valley Courier" in others[0]
    assert "credits Gullhaven Wire" in others[0]
    assert "rewrite" in others[1] and "Sarv News" in others[1]
    links = doc.xpath("//a[starts-with(@href, 'https://')]")
    assert links and all({"external", "noopener", "noreferrer"} <= set(a.get("rel").split())
                         for a in links)


def test_article_page_offers_the_original_text_of_repairs(client: Any, room: Newsroom) -> None:
    doc = page(client, f"/articles/{room.articles['council']}")
    body = text(doc.xpath("//article")[0])
    assert "The council meets on Tuesday." in body
    details = text(doc.xpath("//details")[0])
    assert "Show original text (2 repairs)" in details
    assert "Thewall is old." in details
    assert doc.xpath("//a[@href='https://gullhavenwire.example/council']")


def test_right_to_left_article_gets_lang_and_dir(client: Any, room: Newsroom) -> None:
    doc = page(client, f"/articles/{room.articles['rtl']}")
    assert (doc.get("lang"), doc.get("dir")) == ("fa", "rtl")  # the page follows its content
    for node in doc.xpath("//h1") + doc.xpath("//div[@class='body']"):
        assert (node.get("lang"), node.get("dir")) == ("fa", "rtl")
    home = page(client, "/")
    assert (home.get("lang"), home.get("dir")) == ("en", "ltr")
    rtl = home.xpath("//main//*[@dir='rtl']")
    assert [n.tag for n in rtl] == ["h2", "p"] and "پل تازه" in text(rtl[0])
    meta = rtl[0].getparent().xpath("./p[@class='meta']")[0]
    assert meta.get("dir") is None and meta.xpath(".//bdi")  # interface words stay apart


def test_search_finds_each_story_once_with_its_outlets(client: Any, room: Newsroom) -> None:
    doc = page(client, "/search?q=ferries")  # stemmed: "ferry" in every copy
    results = doc.xpath("//main//ol[contains(@class, 'results')]/li")
    assert len(results) == 1
    assert text(results[0].xpath(".//h3")[0]) == "Night ferry to Skarra resumes"
    assert results[0].xpath(".//h3/a/@href") == [f"/stories/{room.stories['ferry']}"]
    meta = text(results[0].xpath(".//p[@class='meta']")[0])
    assert all(o in meta for o in ("Gullhaven Wire", "Tern Valley Courier", "Sarv News"))
    assert "3 outlets" in meta
    marks = [text(m) for m in results[0].xpath(".//mark")]
    assert marks and {m.lower() for m in marks} == {"ferry"}


def test_search_with_filters(client: Any, room: Newsroom) -> None:
    source = room.sources["Sarv News"]
    doc = page(client, f"/search?q=ferry&source={source}")
    found = doc.xpath("//main//ol[contains(@class, 'results')]/li")
    assert len(found) == 1 and "Sarv News" in text(found[0])
    assert "Tern Valley" not in text(found[0])
    doc = page(client, "/search?language=fa")
    assert [text(h) for h in doc.xpath("//main//li//h3")] == ["پل تازه بر رود سرو گشوده شد"]
    doc = page(client, f"/search?q=ferry&since={T0_DAY}&until={T0_DAY}")
    assert len(doc.xpath("//main//ol/li")) == 1
    day_after = (date.fromisoformat(T0_DAY) + timedelta(days=1)).isoformat()
    doc = page(client, f"/search?q=ferry&since={day_after}")
    assert doc.xpath("//main//li") == [] and "Nothing found" in text(doc)
    labels = {label.get("for") for label in doc.xpath("//label")}
    assert {"q", "language", "source", "since", "until"} <= labels


def test_every_page_escapes_stored_text(client: Any, store: Store, room: Newsroom) -> None:
    hostile = Article(url="https://bad.example/x", title="<script>alert(1)</script>",
                      summary="<img src=x onerror=alert(2)>", text="fine", publisher="Bad",
                      canonical_url="javascript:alert(3)")
    saved = store.save_article(hostile, source_id=None, fetch_id=None)
    story_id = store.create_story(hostile.title, saved.id)
    store.assign_story(saved.id, story_id, "original")
    for path in ("/", f"/stories/{story_id}", f"/articles/{saved.id}", "/search?q=alert"):
        body = client.get(path).text
        assert "<script>alert" not in body and "<img src=x" not in body, path
        assert "&lt;script&gt;" in body, path


def test_security_headers_and_external_stylesheet(client: Any, room: Newsroom) -> None:
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "style-src 'self'" in csp
    assert "img-src 'self';" in csp  # pictures are ours: never another site's
    assert "unsafe-inline" not in csp and "script-src" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "<style" not in response.text and "<script" not in response.text
    story = html.fromstring(client.get(f"/stories/{room.stories['ferry']}").text)
    assert [s.get("type") for s in story.xpath("//script")] == ["application/ld+json"]
    css = client.get("/static/site.css")
    assert css.status_code == 200 and "prefers-color-scheme:dark" in css.text
    again = client.get("/static/site.css", headers={"If-None-Match": css.headers["etag"]})
    assert again.status_code == 304


def test_pages_have_landmarks_skip_link_and_one_h1(client: Any, room: Newsroom) -> None:
    paths = ["/", f"/stories/{room.stories['ferry']}", f"/articles/{room.articles['moth']}",
             "/search?q=moth", "/sources", f"/sources/{room.sources['Sarv News']}"]
    for path in paths:
        doc = page(client, path)
        assert len(doc.xpath("//h1")) == 1, path
        assert doc.xpath("//header") and doc.xpath("//main[@id='main']"), path
        assert doc.xpath("//nav[@aria-label]") and doc.xpath("//footer"), path
        assert doc.xpath("//a[@href='#main']"), path
        levels = [int(h.tag[1]) for h in doc.xpath("//main//*[self::h1 or self::h2 or self::h3]")]
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), path


def test_source_page_pages_through_articles(client: Any, store: Store, room: Newsroom) -> None:
    source = room.sources["Gullhaven Wire"]
    for n in range(25):
        store.save_article(Article(url=f"https://gullhaven.example/brief-{n}",
                                   title=f"Harbour brief {n}", language="en"),
                           source_id=source, fetch_id=None)
    doc = page(client, f"/sources/{source}")
    first = [text(h) for h in doc.xpath("//main//li//h3")]
    assert len(first) == 20 and first[0] == "Harbour brief 24"
    assert "27" in text(doc.xpath("//dl")[0])  # articles kept
    older = doc.xpath("//a[@rel='next']/@href")[0]
    rest = [text(h) for h in page(client, older).xpath("//main//li//h3")]
    assert len(rest) == 7 and not set(first) & set(rest)


def test_home_pages_by_cursor(client: Any, store: Store, room: Newsroom) -> None:
    for n in range(22):
        saved = store.save_article(Article(url=f"https://tern.example/n{n}", title=f"Note {n}"),
                                   source_id=None, fetch_id=None)
        store.assign_story(saved.id, store.create_story(f"Note {n}", saved.id), "original")
    doc = page(client, "/")
    first = [text(h) for h in doc.xpath("//main//li//h2")]
    older = page(client, doc.xpath("//a[@rel='next']/@href")[0])
    rest = [text(h) for h in older.xpath("//main//li//h2")]
    assert len(first) == 20 and len(rest) == 6 and not set(first) & set(rest)
    assert client.get("/?after=garbage").status_code == 400


def test_missing_things_are_404_pages(client: Any) -> None:
    response = client.get("/articles/999999")
    assert response.status_code == 404 and "<h1>Not found</h1>" in response.text


def test_a_standfirst_repeated_as_the_first_paragraph_shows_once(client: Any,
                                                                  store: Store) -> None:
    lede = "Harbour pilots will guide every ship above 200 metres from May."
    saved = store.save_article(
        Article(url="https://pilots.example/a", title="Pilots for big ships", summary=lede,
                text=f"{lede}\n\nThe port authority said the rule follows two groundings."),
        source_id=None, fetch_id=None)
    doc = page(client, f"/articles/{saved.id}")
    body = text(doc.xpath("//article")[0])
    assert body.count("guide every ship above 200 metres") == 1
    assert "two groundings" in body


def test_folders_filter_search_and_feeds_and_show_on_sources(client: Any, room: Newsroom,
                                                            store: Store) -> None:
    store.update_source(room.sources["Gullhaven Wire"], folder="Wires/Nordic")
    doc = page(client, "/sources")
    rows = {text(r.xpath("./th")[0]): text(r) for r in doc.xpath("//tbody/tr")}
    assert "Wires/Nordic" in rows["Gullhaven Wire"]
    found = page(client, "/search?section=Wires")
    titles = {text(h) for h in found.xpath("//main//h3")}
    gullhaven = store.list_articles(limit=50, source_id=room.sources["Gullhaven Wire"])
    assert titles == {a.article.title for a in gullhaven} and len(titles) >= 2
    feed = client.get("/feeds/folder.rss", params={"name": "Wires"})
    assert feed.status_code == 200 and b"Night ferry to Skarra resumes" in feed.content
    assert b"Tern Valley" not in feed.content
