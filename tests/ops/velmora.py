"""A small outlet on a `StaticSite`: a feed of fresh stories and their pages."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from email.utils import format_datetime

from tests.sites import StaticSite

STORIES = {
    "harbour-dredging": ("Council approves harbour dredging",
                         "The council of Velmora voted on Friday evening to dredge the old"
                         " harbour, after a debate that lasted more than four hours. Fishermen"
                         " asked that the work pause during the spring herring season."),
    "tram-line": ("Tram line extension delayed",
                  "The extension of the number four tram line to the eastern districts will"
                  " open a year late, after engineers found an unmapped culvert under"
                  " Osterholm Road and the tunnel design had to be redrawn."),
}


def publish(site: StaticSite) -> str:
    """Put the feed and its pages on ``site``; the feed's URL."""
    now = format_datetime(datetime.now(UTC))
    items = "".join(
        f"<item><title>{title}</title><link>{site.url('/news/' + slug)}</link>"
        f"<guid>{slug}</guid><pubDate>{now}</pubDate><description>{title}.</description></item>"
        for slug, (title, _) in STORIES.items())
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Velmora Courier</title>'
            f"<link>{site.url('/')}</link><description>News</description>{items}</channel></rss>")
    site.pages["/feed.xml"] = (200, "application/rss+xml", feed.encode())
    for slug, (title, text) in STORIES.items():
        page = (f'<!doctype html><html lang="en"><head><title>{title}</title></head><body>'
                f"<article><h1>{title}</h1><p>{text}</p><p>{text}</p></article></body></html>")
        site.pages[f"/news/{slug}"] = (200, "text/html; charset=utf-8", page.encode())
    return site.url("/feed.xml")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
