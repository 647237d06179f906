"""Render the invented stories in stories.json through seven page layouts.

Writes ``pages/<story>__<layout>.html`` and ``gold/<story>__<layout>.json`` (title,
publisher, original_source, text). Deterministic: run it again and nothing changes. A
standfirst shown on the page is part of the text, as in the real-page sets.

    .venv/bin/python bench/extraction/generate.py
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from pathlib import Path

HERE = Path(__file__).parent
Story = dict  # one entry of stories.json
Page = tuple[str, dict]  # html, gold

STRINGS = json.loads((HERE / "chrome_strings.json").read_text("utf-8"))
SITES = json.loads((HERE / "sites.json").read_text("utf-8"))


def _blocks(story: Story, lead: str = "") -> list[tuple[str, str]]:
    """("p"|"h", text) in story order; ``lead`` is prefixed to the first paragraph."""
    blocks = []
    for entry in story["body"]:
        if isinstance(entry, list):
            blocks.append(("h", entry[1]))
        else:
            blocks.append(("p", entry))
    kind, first = blocks[0]
    blocks[0] = (kind, lead + first)
    return blocks


def _gold(title: str, publisher: str, source: str | None, blocks: list[tuple[str, str]]) -> dict:
    return {"title": title, "publisher": publisher, "original_source": source,
            "text": "\n\n".join(text for _, text in blocks)}


def _html(blocks: list[tuple[str, str]], p: str = "p", h: str = "h2") -> str:
    return "\n".join(f"<{h}>{escape(t)}</{h}>" if k == "h" else f"<{p}>{escape(t)}</{p}>"
                     for k, t in blocks)


def _head(story: Story, title: str, extra: str) -> str:
    rtl = ' dir="rtl"' if story["lang"] in ("fa", "ar") else ""
    return (f'<!DOCTYPE html>\n<html lang="{story["lang"]}"{rtl}><head><meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n{extra}\n</head>\n")


def _og(story: Story, site: str, url: str) -> str:
    return (f'<meta property="og:title" content="{escape(story["title"])}">\n'
            f'<meta property="og:site_name" content="{escape(site)}">\n'
            f'<meta property="og:url" content="{url}">\n'
            f'<meta name="description" content="{escape(story["standfirst"])}">\n'
            f'<meta property="article:published_time" content="{story["date"]}">')


def _nav(s: dict) -> str:
    return (f'<nav class="menu"><ul><li><a href="/">{s["home"]}</a></li><li><a href="/w">'
            f'{s["world"]}</a></li><li><a href="/b">{s["business"]}</a></li><li><a href="/s">'
            f'{s["sport"]}</a></li></ul></nav>')


def agency(story: Story) -> Page:
    """The agency's own page: semantic HTML5, dateline with desk, own copyright."""
    s, site = STRINGS[story["lang"]], story["agency"]
    lead = (f"به گزارش {story['desk']} {site}، " if story["lang"] == "fa"
            else f"{site}, {story['desk']}: ")
    blocks = _blocks(story, lead)
    url = f"https://{story['agency_host']}/news/{story['slug']}"
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story["title"],
          "datePublished": story["date"], "author": {"@type": "Person", "name": story["author"]},
          "publisher": {"@type": "Organization", "name": site}, "keywords": story["tags"]}
    head = _head(story, f"{story['title']} | {site}", _og(story, site, url)
                 + f'\n<script type="application/ld+json">{json.dumps(ld)}</script>')
    html = (f"{head}<body><header><a class=\"logo\" href=\"/\">{escape(site)}</a>{_nav(s)}"
            f"</header>\n<main><article><h1>{escape(story['title'])}</h1>\n"
            f'<p class="standfirst">{escape(story["standfirst"])}</p>\n'
            f'<div class="byline">{s["by"]} {escape(story["author"])} '
            f'<time datetime="{story["date"]}">{story["date"][:10]}</time></div>\n'
            f"{_html(blocks)}\n</article></main>\n"
            f"<footer><p>{escape(s['rights'].format(site=site))}</p></footer></body></html>")
    return html, _gold(story["title"], site, None, [("p", story["standfirst"]), *blocks])


def republisher(story: Story) -> Page:
    """A copy-paste site wrapped in chrome; the agency is named in a dateline and a credit line."""
    s = STRINGS[story["lang"]]
    site, handle = SITES["republisher"][story["lang"]]
    agency_name = story["agency"]
    lead = (f"{agency_name}, {story['desk']}: " if story["lang"] == "en"
            else f"{story['city']} ({agency_name}) - ")
    blocks = _blocks(story, lead)
    related = "".join(f'<li><a href="/r{i}">{s[f"related{i}"]}</a></li>' for i in (1, 2, 3))
    html = (_head(story, f"{story['title']} - {site}",
                  f'<meta property="og:site_name" content="{escape(site)}">')
            + f'<body><a name="top"></a>{_nav(s)}\n<div class="post">\n'
            f'<p class="banner">{escape(s["tagline"].format(site=site))}</p>\n'
            f'<h1 class="post-title">{escape(story["title"])}</h1>\n'
            f'<ul class="share"><li>Facebook</li><li>X</li><li>Telegram</li><li>Email</li></ul>\n'
            f'<div class="post-body">{_html(blocks)}\n'
            f"<p>{escape(s['sources'].format(agency=agency_name))}</p>\n"
            f'<p><a href="https://t.me/{handle}">{s["telegram"].format(handle=handle)}</a></p>\n'
            f'<p><a href="#top">{s["back"]}</a></p></div>\n'
            f'<div class="related"><h3>{s["related"]}</h3><ul>{related}</ul></div>\n'
            f'<div class="newsletter"><p>{s["newsletter"]}</p><form><input name="e"></form></div>'
            f"\n</div><footer>{escape(s['rights'].format(site=site))}</footer></body></html>")
    return html, _gold(story["title"], site, agency_name, blocks)


def blog(story: Story) -> Page:
    """A WordPress-like blog post with a comments section and a "via" credit."""
    s = STRINGS[story["lang"]]
    site, _ = SITES["blog"][story["lang"]]
    blocks = _blocks(story)
    comments = "".join(
        f'<li class="comment"><div class="comment-author">user{i}</div>'
        f'<div class="comment-content"><p>{s[f"comment{i}"]}</p></div></li>' for i in (1, 2, 3))
    html = (_head(story, f"{story['title']} – {site}",
                  f'<meta property="og:site_name" content="{escape(site)}">\n'
                  f'<meta property="og:title" content="{escape(story["title"])}">\n'
                  f'<meta name="author" content="{escape(story["author"])}">')
            + f'<body class="single-post"><div id="page"><div class="site-header">{escape(site)}'
            f'</div><div id="content"><div class="post-wrap"><h1 class="entry-title">'
            f'{escape(story["title"])}</h1><div class="entry-meta">{story["date"][:10]}</div>\n'
            f'<div class="entry-content">{_html(blocks, h="h3")}\n'
            f"<p><em>{escape(s['via'].format(agency=story['agency']))}</em></p></div>\n"
            f'<div id="comments"><h3 class="comments-title">{s["comments"]}</h3>'
            f'<ol class="comment-list">{comments}</ol>\n<div id="respond"><h3>{s["leave"]}</h3>'
            f'<form><textarea name="c"></textarea></form></div></div></div>\n'
            f'<div class="sidebar"><h4>{s["most_read"]}</h4><ul><li>{s["related1"]}</li>'
            f"<li>{s['related2']}</li></ul></div></div></div></body></html>")
    return html, _gold(story["title"], site, story["agency"], blocks)


def live(story: Story) -> Page:
    """A live page: timestamped entries, the agency credited by attribution in the first."""
    s = STRINGS[story["lang"]]
    site, _ = SITES["live"][story["lang"]]
    blocks = _blocks(story, s["according"].format(agency=story["agency"]))
    entries = []
    for index, (kind, text) in enumerate(reversed(blocks)):
        tag = "h3" if kind == "h" else "p"
        entries.append(f'<div class="live-entry"><time>{18 - index}:{index * 7 % 60:02d}</time>'
                       f"<{tag}>{escape(text)}</{tag}></div>")
    ld = {"@context": "https://schema.org", "@type": "LiveBlogPosting",
          "headline": story["title"], "coverageStartTime": story["date"]}
    html = (_head(story, f"{s['live']}: {story['title']}", _og(story, site, "")
                  + f'\n<script type="application/ld+json">{json.dumps(ld)}</script>')
            + f'<body>{_nav(s)}<main><h1>{escape(story["title"])}</h1>'
            f'<p class="live-label">{s["live"]}</p>\n<section class="live-feed">'
            + "\n".join(entries) + f'</section></main><footer>{s["follow"]}</footer></body></html>')
    gold_blocks = list(reversed(blocks))  # newest first, as the page shows them
    return html, _gold(story["title"], site, story["agency"], gold_blocks)


def paywall(story: Story) -> Page:
    """A paywalled teaser: two paragraphs, then the subscribe box."""
    s = STRINGS[story["lang"]]
    site, _ = SITES["paywall"][story["lang"]]
    blocks = [b for b in _blocks(story, f"{story['city']} ({story['agency']}) - ")
              if b[0] == "p"][:2]
    html = (_head(story, story["title"], _og(story, site, ""))
            + f'<body><header>{_nav(s)}</header><article class="story"><h1>'
            f'{escape(story["title"])}</h1><h2 class="dek">{escape(story["standfirst"])}</h2>\n'
            f'<div class="story-body">{_html(blocks)}</div>\n<div class="paywall"><h3>'
            f'{s["continue"]}</h3><p>{s["already"]}</p></div></article></body></html>')
    return html, _gold(story["title"], site, story["agency"],
                       [("p", story["standfirst"]), *blocks])


def legacy(story: Story) -> Page:
    """An old table layout, <br><br> between paragraphs, metadata only in JSON-LD."""
    s = STRINGS[story["lang"]]
    site, _ = SITES["legacy"][story["lang"]]
    blocks = _blocks(story)
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story["title"],
          "datePublished": story["date"], "publisher": {"@type": "Organization", "name": site},
          "inLanguage": story["lang"], "description": story["standfirst"]}
    body = "<br><br>\n".join(f"<b>{escape(t)}</b>" if k == "h" else escape(t) for k, t in blocks)
    html = ('<html><head><meta charset="utf-8">'
            f'<title>{escape(site)}</title><script type="application/ld+json">{json.dumps(ld)}'
            f'</script></head><body><table width="100%"><tr><td width="160" valign="top">'
            f'<a href="/">{s["home"]}</a><br><a href="/w">{s["world"]}</a><br>'
            f'<a href="/b">{s["business"]}</a></td>\n<td valign="top"><font size="5">'
            f'{escape(story["title"])}</font><br><br>\n<font size="2">{body}<br><br>\n'
            f"{escape(s['source'].format(agency=story['agency']))}</font></td></tr></table>"
            f"<center>{escape(s['rights'].format(site=site))}</center></body></html>")
    return html, _gold(story["title"], site, story["agency"], blocks)


def divsoup(story: Story) -> Page:
    """A script-built page: divs for paragraphs, ads between them, cookie bar, most-read box."""
    s = STRINGS[story["lang"]]
    site, _ = SITES["divsoup"][story["lang"]]
    agency_name = story["agency"]
    blocks = _blocks(story)
    parts = []
    for index, (kind, text) in enumerate(blocks):
        cls = "subhead" if kind == "h" else "para"
        parts.append(f'<div class="{cls}">{escape(text)}</div>')
        if index == 1:
            parts.append(f'<div class="ad-slot"><span>{s["advert"]}</span></div>')
    most = "".join(f"<li><a href='/m{i}'>{s[f'related{i}']}</a></li>" for i in (1, 2, 3))
    html = (_head(story, f"{site} | {story['title']}", _og(story, site, "")
                  + f'\n<meta name="keywords" content="{",".join(story["tags"])}">')
            + f'<body><div id="app"><div class="cookie-bar">{s["cookies"]}</div>'
            f'<div class="top">{_nav(s)}</div><main><div class="headline"><h1>'
            f'{escape(story["title"])}</h1></div>\n<div class="story-text">'
            + "\n".join(parts)
            + f'\n<div class="para credit">{escape(s["news_sources"].format(agency=agency_name))}'
            f'</div></div>\n<aside><h4>{s["most_read"]}</h4><ol>{most}</ol></aside></main>'
            f'<div class="sticky-share">{s["share"]}</div></div></body></html>')
    return html, _gold(story["title"], site, story["agency"], blocks)


LAYOUTS: dict[str, Callable[[Story], Page]] = {
    "agency": agency, "republisher": republisher, "blog": blog, "live": live,
    "paywall": paywall, "legacy": legacy, "divsoup": divsoup,
}


def main() -> None:
    stories = json.loads((HERE / "stories.json").read_text("utf-8"))
    (HERE / "pages").mkdir(exist_ok=True)
    (HERE / "gold").mkdir(exist_ok=True)
    count = 0
    for story in stories:
        for name, layout in LAYOUTS.items():
            html, gold = layout(story)
            case = f"{story['slug']}__{name}"
            host = (story["agency_host"] if name == "agency"
                    else SITES[name][story["lang"]][1] + ".example")
            gold["url"] = f"https://{host}/news/{story['slug']}"
            (HERE / "pages" / f"{case}.html").write_text(html + "\n", "utf-8")
            (HERE / "gold" / f"{case}.json").write_text(
                json.dumps(gold, ensure_ascii=False, indent=2) + "\n", "utf-8")
            count += 1
    print(f"wrote {count} pages")


if __name__ == "__main__":
    main()
