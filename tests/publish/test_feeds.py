"""Feeds out: RSS 2.0, Atom 1.0 and JSON Feed 1.1, each checked against its spec's required
elements and parsed by feedparser; conditional GET answers 304."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from xml.etree import ElementTree as ET

import fastfeedparser
import feedparser
import pytest

from tests.publish.newsroom import Newsroom

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response: Any) -> Any:
    """A feed reader's view: feedparser for XML; fastfeedparser for JSON Feed, which the
    installed feedparser (6.0) does not read."""
    if "json" in response.headers["content-type"]:
        parsed = fastfeedparser.parse(response.content.decode())
        for entry in parsed.entries:
            entry["summary"] = entry.get("description", "")
        parsed["bozo"] = False
        return parsed
    return feedparser.parse(response.content)


def validate_rss(body: bytes) -> list[ET.Element]:
    root = ET.fromstring(body)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), required
    items = channel.findall("item")
    for item in items:
        assert item.findtext("title") or item.findtext("description")
        parsedate_to_datetime(item.findtext("pubDate") or "")  # RFC 822 or it raises
        assert item.find("guid") is not None
    return items


def validate_atom(body: bytes) -> list[ET.Element]:
    root = ET.fromstring(body)
    assert root.tag == ATOM + "feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(ATOM + required), required
    datetime.fromisoformat(root.findtext(ATOM + "updated") or "")
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    entries = root.findall(ATOM + "entry")
    feed_author = root.find(ATOM + "author") is not None
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(ATOM + required), required
        assert feed_author or entry.find(ATOM + "author") is not None
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    return entries


def validate_json_feed(body: bytes) -> list[dict[str, Any]]:
    doc = json.loads(body)
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["title"] and isinstance(doc["items"], list)
    for item in doc["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert "content_html" in item or "content_text" in item
        datetime.fromisoformat(item["date_published"])
        assert all(k in {"id", "url", "external_url", "title", "content_html", "content_text",
                         "summary", "image", "banner_image", "date_published", "date_modified",
                         "authors", "tags", "language", "attachments"} or k.startswith("_")
                   for k in item)
    return doc["items"]


VALIDATORS = {"rss": validate_rss, "atom": validate_atom, "json": validate_json_feed}


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_stories_feed_is_valid_and_credits_the_origin(client: Any, room: Newsroom, fmt: str
                                                      ) -> None:
    response = client.get(f"/feeds/stories.{fmt}")
    assert response.status_code == 200
    assert len(VALIDATORS[fmt](response.content)) == 4
    parsed = parse(response)
    assert not parsed.bozo, parsed.get("bozo_exception")
    ferry = next(e for e in parsed.entries if e.title == "Night ferry to Skarra resumes")
    assert ferry.link == "https://gullhavenwire.example/ferry"
    assert "Originally reported by Gullhaven Wire" in ferry["summary"]


@pytest.mark.parametrize("path", ["/feeds/source/{source}.rss", "/feeds/language/fa.atom",
                                  "/feeds/search.json?q=Skarra", "/feeds/search.rss?q=<b>&"])
def test_other_feeds_are_valid(client: Any, room: Newsroom, path: str) -> None:
    response = client.get(path.format(source=room.sources["Tern Valley Courier"]))
    assert response.status_code == 200
    VALIDATORS[path.rsplit(".", 1)[-1].split("?")[0]](response.content)
    assert not parse(response).bozo


def test_copy_credits_the_outlet_it_names(client: Any, room: Newsroom) -> None:
    source = room.sources["Tern Valley Courier"]
    parsed = parse(client.get(f"/feeds/source/{source}.atom"))
    copy = next(e for e in parsed.entries if e.link.endswith("/skarra-ferry"))
    assert "Originally reported by Gullhaven Wire" in copy.summary
    assert copy.author == "Tern Valley Courier"


def test_conditional_get(client: Any, room: Newsroom) -> None:
    first = client.get("/feeds/stories.atom")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get("/feeds/stories.atom", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/feeds/stories.atom",
                      headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/feeds/stories.atom",
                      headers={"If-None-Match": '"other"'}).status_code == 200


def test_unknown_source_and_format(client: Any) -> None:
    assert client.get("/feeds/source/999999.rss").status_code == 404
    assert client.get("/feeds/stories.xml").status_code in {400, 404}
