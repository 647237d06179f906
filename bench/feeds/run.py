"""Feed-parser benchmark: fastfeedparser vs feedparser on one invented 100-item RSS 2.0 document,
plus newsdesk's own ``parse_source`` (fast parser + well-formedness check + sanitising).

Run: .venv/bin/python bench/feeds/run.py   (prints a Markdown table; about 10 s)
"""

from __future__ import annotations

import time
from collections.abc import Callable

import fastfeedparser
import feedparser

from newsdesk.records import SourceKind
from newsdesk.sources import parse_source

ITEMS = 100
URL = "https://bench-gazette.example/rss"


def make_document(items: int = ITEMS) -> bytes:
    """A realistic RSS 2.0 feed: HTML descriptions, content:encoded, categories, enclosures."""
    entries = "".join(
        f"""<item><title>Story {i}: council debates the harbor budget</title>
<link>/news/2024/06/{i % 28 + 1:02d}/story-{i}-harbor-budget</link>
<guid isPermaLink="false">bench-{i}</guid>
<pubDate>Tue, 05 Mar 2024 10:{i % 60:02d}:00 +0100</pubDate>
<dc:creator>Reporter {i % 7}</dc:creator><category>Politics</category><category>Harbor</category>
<description><![CDATA[<p>Summary of story {i}, with <a href="/tags/{i}">a link</a>.</p>]]>
</description>
<content:encoded><![CDATA[<p>Paragraph one of story {i}.</p><p>Paragraph two, with
<b>bold</b> and <img src="/img/{i}.jpg" alt="photo {i}">.</p>]]></content:encoded>
<enclosure url="/img/{i}-large.jpg" type="image/jpeg" length="12345"/></item>
"""
        for i in range(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench Gazette</title>'
        f"<link>https://bench-gazette.example/</link>{entries}</channel></rss>"
    ).encode()


def seconds_per_call(call: Callable[[], object], budget: float = 2.0) -> float:
    """Best mean over a few rounds, each about ``budget / 4`` seconds."""
    call()  # warm up imports and caches
    start = time.perf_counter()
    call()
    once = max(time.perf_counter() - start, 1e-6)
    repeat = max(1, int(budget / 4 / once))
    best = float("inf")
    for _ in range(4):
        start = time.perf_counter()
        for _ in range(repeat):
            call()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def main() -> None:
    document = make_document()
    broken = document.replace(b"</item>", b"", 1)  # one unclosed item: the recovery path
    checks = {
        "fastfeedparser": lambda: len(fastfeedparser.parse(document).entries),
        "feedparser": lambda: len(feedparser.parse(document).entries),
        "newsdesk parse_source (fast path)": lambda: len(
            parse_source(SourceKind.FEED, document, URL).items
        ),
        "newsdesk parse_source (malformed → recovery)": lambda: len(
            parse_source(SourceKind.FEED, broken, URL).items
        ),
    }
    print(f"| parser ({ITEMS}-item RSS 2.0, {len(document) // 1024} KB) | ms/doc | items/s |")
    print("| --- | ---: | ---: |")
    for name, call in checks.items():
        count = call()
        seconds = seconds_per_call(call)
        print(f"| {name} ({count} items) | {seconds * 1000:.2f} | {count / seconds:,.0f} |")


if __name__ == "__main__":
    main()
