"""An invented agency, a republisher and its Telegram channel, for scripted posting tests.

Every outlet, person and event is made up. The republisher's copies look as they do in the
wild: chrome lines around the body, a "Sources: ©" credit (which extraction turns into
``original_source``), and spaces lost in the copied text.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from newsdesk.records import Article, Credit

AGENCY = "Meridian Press Agency"
REPUBLISHER = "The Lantern Daily"
CHANNEL_NAME = "The Lantern Daily on Telegram"

FERRY = (
    "Ferry crews strike over winter rosters",
    "Crews on the Tolvara ferries stopped work at dawn, leaving islanders without a crossing.",
    "MERIDIAN PRESS AGENCY, Transport Desk: Crews on the four Tolvara ferries stopped work at"
    " dawn on Monday, leaving about 3,200 islanders without a crossing to the mainland.\n\n"
    "The Ferry Workers' Guild said the strike would last 48 hours unless the operator, Saltline"
    " Shipping, withdrew new winter rosters that add two night shifts a month.\n\n"
    "Saltline's operations chief, Henrike Dalsgaard, said the rosters were needed to keep the"
    " night boat running and that talks could resume on Wednesday.",
)
MOTH = (
    "Scientists name a moth found only in the Tolvara salt marsh",
    "The pale moth lives on a single marsh plant and may be threatened by rising tides.",
    "TOLVARA (Meridian) - Biologists at the University of Tolvara have described a moth that"
    " appears to live nowhere else than a narrow strip of salt marsh on the edge of the town.\n\n"
    "The insect, named Halonoctua tolvarensis, has pale silver wings about two centimetres"
    " across. Its caterpillars feed on sea lavender, which grows above the reach of tides.\n\n"
    "The first specimen was caught in a light trap set by Benedikt Orrel, a retired postman who"
    " has recorded moths in the marsh for thirty years.",
)
LIGHTHOUSE = (
    "Old Skarra lighthouse reopens as a museum",
    "The 1872 tower opens to visitors on Saturday after a four-year restoration.",
    "MERIDIAN PRESS AGENCY, Culture Desk: The old lighthouse on Skarra point will open to"
    " visitors on Saturday as a museum of the coast, after a restoration that took four years"
    " and cost 2.1 million krona.\n\n"
    "The tower, lit for the first time in 1872, was switched off in 1994 when an automatic"
    " beacon replaced it. Volunteers from the Skarra Heritage Society rebuilt its wooden"
    " stairs and repaired the lantern room by hand.\n\n"
    "Society chair Oda Fjellvang said the museum would tell the story of the keepers and their"
    " families, who lived on the point for more than a century.",
)
HARBOR_FERRY = (
    "Islanders stranded as Saltline sailors walk out",
    "Tolvara's shopkeepers count the cost of a day without boats.",
    "On Tolvara's quay the ticket office stayed shut all morning. Shopkeeper Arne Voll said his"
    " bakery had sold nothing since the first boat failed to appear.\n\n"
    "Parents drove children to the island school by the long road round the fjord, a detour"
    " of almost an hour, and a delivery van waited at the ramp with fresh fish for the mainland"
    " market.",
)


def agency(story: tuple[str, str, str], slug: str, published: datetime, *,
           image: str | None = None, tags: tuple[str, ...] = ()) -> Article:
    title, summary, text = story
    return Article(url=f"https://meridian.example/{slug}", title=title, summary=summary,
                   text=text, published=published, publisher=AGENCY, language="en",
                   image=image, tags=list(tags))


def lantern_copy(story: tuple[str, str, str], slug: str, published: datetime, *,
                 credited: bool) -> Article:
    """The republisher's copy: chrome, lost spaces and, if ``credited``, the credit line."""
    title, _, text = story
    body = text.split(": ", 1)[-1].split(" - ", 1)[-1]
    damaged = body.replace("the ", "the").replace("on ", "on").replace("a ", "a")
    lines = ["The Lantern Daily - Light on the stories that matter",
             "Share this: Facebook | X | Email", damaged,
             "Follow us on Telegram: t.me/lanterndaily"]
    if credited:
        lines.append(f"Sources: © {AGENCY}")
    return Article(url=f"https://lantern.example/story/{slug}.html", title=title,
                   text="\n\n".join(lines), published=published, publisher=REPUBLISHER,
                   language="en", original_source=Credit(AGENCY) if credited else None)


def channel_post(number: int, text: str, published: datetime) -> Article:
    return Article(url=f"https://t.me/lanterndaily/{number}", title=text.split(":")[0],
                   text=text, published=published, publisher=CHANNEL_NAME, language="en")


def harbor(story: tuple[str, str, str], slug: str, published: datetime) -> Article:
    title, summary, text = story
    return Article(url=f"https://harborwire.example/world/{slug}/", title=title,
                   summary=summary, text=text, published=published, publisher="Harbor Wire",
                   language="en")


def minutes(start: datetime, count: float) -> datetime:
    return start + timedelta(minutes=count)
