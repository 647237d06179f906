"""An invented newsroom filled through the store API: outlets, articles, stories."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from newsdesk.images import prepare_image
from newsdesk.records import Article, Credit, Edit, Relation
from newsdesk.store import Store
from newsdesk.store.image_files import ImageFiles, image_dir
from newsdesk.store.images import LeadImage

# Two days ago at 06:00 UTC: publication times must be in the past, or the site takes the
# time the article was first seen instead (a future time is a wrong one).
T0 = (datetime.now(UTC) - timedelta(days=2)).replace(hour=6, minute=0, second=0, microsecond=0)
T0_DAY = T0.date().isoformat()


@dataclass
class Newsroom:
    """Ids of what `fill` stored, by name."""

    sources: dict[str, int] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)
    stories: dict[str, int] = field(default_factory=dict)


def article(slug: str, outlet: str, title: str, *, summary: str = "", text: str = "",
            language: str = "en", minutes: int = 0, credit: str | None = None,
            repairs: list[Edit] | None = None, image: str | None = None) -> Article:
    return Article(
        url=f"https://{outlet.lower().replace(' ', '')}.example/{slug}",
        title=title, summary=summary, text=text or f"{summary}\n\nMore on {title}.",
        published=T0 + timedelta(minutes=minutes), language=language, publisher=outlet,
        original_source=Credit(credit) if credit else None, repairs=repairs or [], image=image,
    )


def fill(store: Store) -> Newsroom:
    """Three outlets; a ferry story (original, copy, rewrite), a lone moth story, a Persian
    story (right to left) and an article with repaired text."""
    room = Newsroom()
    for name, url in (("Gullhaven Wire", "https://gullhaven.example/rss"),
                      ("Tern Valley Courier", "https://ternvalley.example/atom"),
                      ("Sarv News", "https://sarv.example/feed")):
        room.sources[name] = store.add_source(url, name=name, kind="feed", interval_s=600).id
    _story(store, room, "ferry", [
        ("ferry-orig", article("ferry", "Gullhaven Wire", "Night ferry to Skarra resumes",
                               summary="The Skarra night ferry sails again after a winter"
                               " pause, the harbour board said.", minutes=0),
         Relation.ORIGINAL),
        ("ferry-copy", article("skarra-ferry", "Tern Valley Courier",
                               "Night ferry to Skarra resumes", credit="Gullhaven Wire",
                               summary="The Skarra night ferry sails again.", minutes=30),
         Relation.COPY),
        ("ferry-rewrite", article("ferry-back", "Sarv News", "Skarra ferry back on the water",
                                  summary="Islanders cheer as boats return.", minutes=50),
         Relation.REWRITE),
    ])
    _story(store, room, "moth", [
        ("moth", article("moth", "Tern Valley Courier", "Retired teacher finds a new moth",
                         summary="Ilse Brandvik's light trap caught an unknown moth.",
                         minutes=90, image="https://ternvalley.example/moth.jpg"),
         Relation.ORIGINAL),
    ])
    _story(store, room, "rtl", [
        ("rtl", article("bridge", "Sarv News", "پل تازه بر رود سرو گشوده شد",
                        summary="پل چوبی تازه امروز صبح به روی مردم باز شد.", language="fa",
                        minutes=120, image="https://sarvnews.example/bridge.jpg"),
         Relation.ORIGINAL),
    ])
    repaired = article("council", "Gullhaven Wire", "Council votes on the harbour wall",
                       summary="The vote is on Tuesday.", minutes=150,
                       text="The council meets on Tuesday.\n\nThe wall is old.",
                       repairs=[Edit("text", 11, "  ", " "),
                                Edit("text", 32, "Thewall", "The wall")])
    _story(store, room, "council", [("council", repaired, Relation.ORIGINAL)])
    return room


def _story(store: Store, room: Newsroom, name: str,
           members: list[tuple[str, Article, Relation]]) -> None:
    story_id: int | None = None
    for key, item, relation in members:
        saved = store.save_article(item, source_id=room.sources[item.publisher or ""],
                                   fetch_id=None, guid=key)
        room.articles[key] = saved.id
        if story_id is None:
            story_id = store.create_story(item.title, saved.id)
            room.stories[name] = story_id
        store.assign_story(saved.id, story_id, relation)


def give_picture(store: Store, article_id: int, data: bytes) -> LeadImage:
    """Keep ``data`` as the article's lead picture, as the image job would."""
    prepared = prepare_image(data)
    ImageFiles(image_dir(store)).save((r.name(prepared.key), r.data)
                                      for r in prepared.renditions)
    kept = LeadImage(prepared.key, prepared.width, prepared.height, prepared.widths)
    store.image_ready(article_id, kept)
    return kept
