"""The pipeline over real local servers: channels read back on first poll, revisions."""

from __future__ import annotations

from pathlib import Path

from newsdesk.app import App
from newsdesk.config import load_config
from tests.sites import StaticSite

POST = """<div class="tgme_widget_message_wrap"><div class="tgme_widget_message"
 data-post="quaynews/{n}"><div class="tgme_widget_message_text">Quay notice number {n}: the
 {word} berth closes for repairs on day {n} of the month.</div>
<a class="tgme_widget_message_date" href="/quaynews/{n}"><time
 datetime="2026-11-{n:02d}T08:00:00+00:00"></time></a></div></div>"""

WORDS = ["north", "south", "east", "west", "ferry", "cargo", "fuel", "pilot", "tug", "fish"]


def _channel_page(numbers: range) -> bytes:
    posts = "\n".join(POST.format(n=n, word=WORDS[n - 1]) for n in numbers)
    return (f"<html><head><title>Quay News</title></head><body><section>{posts}</section>"
            "</body></html>").encode()


async def test_a_new_channel_is_read_back_a_few_pages(tmp_path: Path) -> None:
    site = StaticSite()
    try:
        site.pages["/s/quaynews"] = (200, "text/html", _channel_page(range(6, 11)))
        site.pages["/s/quaynews?before=6"] = (200, "text/html", _channel_page(range(1, 6)))
        app = App.open(load_config(db=str(tmp_path / "n.db"), allow_private=True))
        source = app.store.add_source(site.url("/s/quaynews"), name="Quay News",
                                      kind="telegram", interval_s=60)
        async with app.fetcher() as fetcher:
            outcome = await app.poller.poll_one(source, fetcher)
            assert outcome.error is None and outcome.report is not None
            assert outcome.report.new_articles == 10
            site.hits.clear()
            again = await app.poller.poll_one(app.store.get_source(source.id), fetcher)
        assert again.report is not None and again.report.new_articles == 0
        assert "/s/quaynews?before=6" not in site.hits  # only a new channel reads back
        [hit] = app.store.search("cargo berth")
        assert hit.article.publisher == "Quay News"
        app.close()
    finally:
        site.stop()


FEED = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Quay Post</title>
<id>urn:quay</id><updated>{updated}</updated>
<entry><title>Storm closes the quay</title><id>urn:quay:1</id><link href="{base}/a/storm"/>
<published>2026-11-28T08:00:00Z</published><updated>{updated}</updated></entry></feed>"""

PAGE = """<html><head><title>Storm closes the quay</title>
<meta property="article:published_time" content="2026-11-28T08:00:00Z">
<meta property="article:modified_time" content="{updated}"></head><body><article>
<h1>Storm closes the quay</h1><p>The harbour master closed the quay on Friday as winds
reached ninety kilometres an hour, and ferries stayed in port.</p><p>{update}</p>
</article></body></html>"""


async def test_an_updated_item_becomes_a_revision_of_the_same_article(tmp_path: Path) -> None:
    site = StaticSite()

    def publish(updated: str, update: str) -> None:
        site.pages["/feed"] = (200, "application/atom+xml",
                               FEED.format(updated=updated, base=site.url("")).encode())
        site.pages["/a/storm"] = (200, "text/html",
                                  PAGE.format(updated=updated, update=update).encode())

    try:
        publish("2026-11-28T08:00:00Z", "The quay will reopen when the wind drops.")
        app = App.open(load_config(db=str(tmp_path / "n.db"), allow_private=True))
        source = app.store.add_source(site.url("/feed"), name="Quay Post", kind="feed",
                                      interval_s=60)
        async with app.fetcher() as fetcher:
            first = await app.poller.poll_one(source, fetcher)
            publish("2026-11-28T11:30:00Z", "Update: the quay reopened at eleven o'clock.")
            second = await app.poller.poll_one(app.store.get_source(source.id), fetcher)
        assert first.report is not None and first.report.new_articles == 1
        assert second.report is not None and second.report.updated_articles == 1
        [stored] = app.store.list_articles()
        assert stored.revision == 2 and "reopened at eleven" in stored.article.text
        app.close()
    finally:
        site.stop()


NAMES_PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{text}</p></article></body></html>"""
TAUGHT = ("Harbour chief Oyelaran met the Seaboldhaven pilots on Monday. Oyelaran said the "
          "Seaboldhaven pilots would keep the night shifts until the new tugs arrive in spring.")
GLUED = "thecabinetmetinseaboldhavenandthe ministersaidthe plan was done."


async def test_repair_in_a_stage_worker_knows_the_words_learned_on_an_earlier_poll(
    tmp_path: Path,
) -> None:
    site = StaticSite()
    entries: list[str] = []

    def publish(slug: str, title: str, text: str) -> None:
        site.pages[f"/a/{slug}"] = (200, "text/html",
                                    NAMES_PAGE.format(title=title, text=text).encode())
        entries.append(f"<entry><title>{title}</title><id>urn:pilots:{slug}</id>"
                       f"<link href=\"{site.url('/a/' + slug)}\"/>"
                       "<published>2026-11-28T08:00:00Z</published></entry>")
        site.pages["/feed"] = (200, "application/atom+xml", (
            "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
            f"<title>Pilots</title><id>urn:pilots</id>{''.join(entries)}</feed>").encode())

    try:
        publish("taught", "Pilots keep night shifts", TAUGHT)
        app = App.open(load_config(db=str(tmp_path / "n.db"), allow_private=True,
                                   environ={"NEWSDESK_EXTRACT_WORKERS": "1"}))
        source = app.store.add_source(site.url("/feed"), name="Pilots", kind="feed",
                                      interval_s=60)
        async with app.fetcher() as fetcher:
            await app.poller.poll_one(source, fetcher)
            assert "seaboldhaven" in app.learned.vocabulary  # counted in the worker, kept here
            publish("glued", "Night shifts go on", GLUED)
            second = await app.poller.poll_one(app.store.get_source(source.id), fetcher)
        assert second.report is not None and second.report.new_articles == 1
        [repaired] = [a.article for a in app.store.list_articles() if "glued" in a.article.url]
        assert repaired.text.startswith("the cabinet met in seaboldhaven and the minister")
        app.close()  # writes the word counts still waiting
        restarted = App.open(load_config(db=str(tmp_path / "n.db")))
        assert restarted.learned.vocabulary.count("seaboldhaven") >= 2
        restarted.close()
    finally:
        site.stop()
