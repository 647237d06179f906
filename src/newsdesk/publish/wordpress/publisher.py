"""WordPress as a `Publisher`, beside Telegram: a story's post made and kept up to date
through `WordPressPosts`. Which stories go out and when, claiming before sending, retries and
noticing that a story changed are `poster.Poster`'s.

A post's reference in the store is its WordPress id, followed by `` hidden`` while newsdesk
holds it out of sight (a draft or in the trash) because the desk hid its story: so an edit
knows whether to bring it back, and otherwise leaves its status alone (a draft an editor
published in WordPress stays published).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from newsdesk.config import Config, WordPressSettings
from newsdesk.publish.poster import Poster
from newsdesk.publish.publisher import Composed, PostingRules, PublishError, StoryToPost
from newsdesk.publish.wordpress.client import WordPressClient
from newsdesk.publish.wordpress.content import StoryPost, post_fields
from newsdesk.publish.wordpress.media import LeadPictures
from newsdesk.publish.wordpress.posts import WordPressPosts
from newsdesk.store import Store, StoreError, Story
from newsdesk.store.image_files import ImageFiles, image_dir
from newsdesk.store.images import LeadImage

_HIDDEN_MARK = " hidden"


@dataclass(frozen=True)
class WordPressPost(Composed):
    """A composed post, with what sending it needs beyond its digest."""

    post: StoryPost | None = None
    lead: LeadImage | None = None
    hidden: bool = False  # the desk hid the story (or its original article)


class WordPressPublisher:
    """Posts to the site of ``settings``; reads stories, pictures and folders from ``store``.
    ``interface``: the language of the credit line (the site's, en, fa or ar)."""

    def __init__(self, settings: WordPressSettings, store: Store, *, interface: str = "en",
                 client: WordPressClient | None = None, files: ImageFiles | None = None,
                 ) -> None:
        if not settings.enabled:
            raise PublishError("WordPress posting needs NEWSDESK_WORDPRESS_URL,"
                               " NEWSDESK_WORDPRESS_USER and NEWSDESK_WORDPRESS_APP_PASSWORD")
        assert settings.url and settings.user and settings.app_password
        self.settings = settings
        self.store = store
        self.client = client or WordPressClient(settings.url, settings.user,
                                                settings.app_password)
        pictures = LeadPictures(self.client, files or ImageFiles(image_dir(store)))
        self.posts = WordPressPosts(self.client, pictures, interface=interface)
        self.channel = f"wordpress:{settings.url.rstrip('/')}"

    async def open(self) -> None:
        await self.client.open()

    async def close(self) -> None:
        await self.client.close()

    def compose(self, story: StoryToPost) -> Composed:
        full = self.store.get_story(story.story_id)
        original = full.articles[0]
        lead = self.store.lead_images([original.id]).get(original.id)
        hidden = bool(self.store.story_states([full.id])
                      or self.store.article_states([original.id]))
        post = self._story_post(story, full)
        fields = post_fields(post, interface=self.posts.interface)
        fields.update(categories=post.categories(), tags=post.tags, hidden=hidden)
        body = json.dumps(fields, ensure_ascii=False, sort_keys=True)
        return WordPressPost(story, body, lead.key if lead else None, post=post, lead=lead,
                             hidden=hidden)

    async def send(self, post: Composed) -> str:
        wanted = _wordpress(post)
        status = self.settings.hidden if wanted.hidden else self.settings.status
        assert wanted.post is not None
        queued = self.store.channel_post(wanted.story.story_id, self.channel)
        first_try = queued is not None and queued.attempts <= 1 and not queued.last_error
        post_id = await self.posts.create(wanted.post, status, wanted.lead,
                                          first_try=first_try)
        return f"{post_id}{_HIDDEN_MARK if wanted.hidden else ''}"

    async def edit(self, message_id: str, post: Composed) -> str:
        wanted = _wordpress(post)
        was_hidden = message_id.endswith(_HIDDEN_MARK)
        post_id = int(message_id.removesuffix(_HIDDEN_MARK))
        status = None  # unchanged, whatever an editor made of it
        if wanted.hidden and not was_hidden:
            status = self.settings.hidden
        elif was_hidden and not wanted.hidden:
            status = self.settings.status
        assert wanted.post is not None
        await self.posts.update(post_id, wanted.post, status, wanted.lead)
        return f"{post_id}{_HIDDEN_MARK if wanted.hidden else ''}"

    def _story_post(self, story: StoryToPost, full: Story) -> StoryPost:
        original = full.articles[0]
        a = original.article
        if story.link_outlet:  # the outlet's page (for a relayed original, the one it links)
            link, outlet = story.link, story.link_outlet
        else:  # a link to our own site's story page: WordPress readers get the origin's
            link, outlet = a.canonical_url or a.url, a.publisher
        credit = a.original_source
        desk = credit.desk if credit is not None and credit.name == story.credit else None
        first_seen = full.first_seen
        return StoryPost(
            story_key=f"{full.id}/{first_seen:%Y%m%dT%H%M%S%f}", title=story.title,
            summary=a.summary, text=a.text, headings=tuple(a.headings), credit=story.credit,
            credit_desk=desk, link=link, outlet=outlet, published=a.published,
            first_seen=first_seen, language=a.language, folder=self._folder(original.source_id),
            tags=tuple(a.tags))

    def _folder(self, source_id: int | None) -> str | None:
        if source_id is None:
            return None
        try:
            return self.store.get_source(source_id).folder
        except StoreError:  # the source was removed since
            return None


def wordpress_poster(config: Config, store: Store) -> Poster:
    """The poster `run` and `serve` start when WordPress posting is configured."""
    settings = config.wordpress
    rules = PostingRules(sources=settings.sources, folders=settings.folders,
                         languages=settings.languages, keywords=settings.keywords,
                         exclude=settings.exclude, hold=timedelta(seconds=settings.hold_s))
    publisher = WordPressPublisher(settings, store, interface=config.site.language)
    return Poster(store, publisher, rules, site_url=config.site_url)


def _wordpress(post: Composed) -> WordPressPost:
    if not isinstance(post, WordPressPost) or post.post is None:
        raise TypeError("a WordPress post is composed by WordPressPublisher.compose")
    return post
