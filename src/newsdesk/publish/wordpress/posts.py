"""One post per story on one WordPress site: made, brought up to date, hidden.

With newsdesk's plugin installed on the site (see docs/wordpress.md), each post carries its
story's key in post meta and can be found by it: before making a post, and after a request
whose answer was lost, the site is asked whether the story's post exists, so a story never
gets two posts even when a poster died mid-request. Without the plugin, posting still works,
but a lost answer leaves the story for an operator (it may or may not have been posted).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from newsdesk.publish.wordpress.client import WordPressClient
from newsdesk.publish.wordpress.content import StoryPost, post_fields
from newsdesk.publish.wordpress.errors import WordPressError
from newsdesk.publish.wordpress.media import LeadPictures
from newsdesk.publish.wordpress.terms import Terms
from newsdesk.store.images import LeadImage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteCheck:
    """What `WordPressPosts.check` found out about the site."""

    name: str
    user: str
    roles: tuple[str, ...]
    plugin: bool  # newsdesk's plugin is installed: credit meta, posts found by story

    @property
    def can_publish(self) -> bool:
        return bool(set(self.roles) & {"administrator", "editor", "author"})

    def problems(self) -> list[str]:
        found = []
        if not self.can_publish:
            found.append(f"the user {self.user!r} ({', '.join(self.roles) or 'no role'}) may"
                         " not publish posts: give them the Editor role")
        elif not set(self.roles) & {"administrator", "editor"}:
            found.append(f"the user {self.user!r} (author) may not make categories: make the"
                         " folders' categories in WordPress first, or give them the Editor"
                         " role")
        if not self.plugin:
            found.append("newsdesk's plugin is not installed: credits are not kept in post"
                         " meta, and a post whose answer is lost is not found again (see"
                         " docs/wordpress.md)")
        return found


class WordPressPosts:
    """Posts on the site behind ``client``; ``pictures`` uploads lead pictures (None: none)."""

    def __init__(self, client: WordPressClient, pictures: LeadPictures | None = None, *,
                 interface: str = "en") -> None:
        self.client = client
        self.terms = Terms(client)
        self.pictures = pictures
        self.interface = interface
        self.plugin: bool | None = None  # learnt on first use

    async def check(self) -> SiteCheck:
        """Who we post as, and whether the plugin is there; raises `WordPressError` when the
        site cannot be reached or refuses the credentials."""
        me = await self.client.get("/wp/v2/users/me", context="edit")
        index = await self.client.get("/")
        self.plugin = "newsdesk/v1" in (index.get("namespaces") or [])
        return SiteCheck(name=str(index.get("name") or ""), user=str(me.get("slug") or ""),
                         roles=tuple(me.get("roles") or ()), plugin=self.plugin)

    async def create(self, post: StoryPost, status: str, image: LeadImage | None = None, *,
                     first_try: bool = False) -> int:
        """Make the story's post (or find the one already made); its id. ``first_try``: no
        earlier attempt can have made it, so the site is not asked first."""
        if not first_try and await self._has_plugin():
            existing = await self.find(post.story_key)
            if existing is not None:
                log.info("story %s already has post %d on WordPress; updating it",
                         post.story_key, existing)
                await self.update(existing, post, status, image)
                return existing
        fields = await self._fields(post, "draft" if status == "trash" else status, image)
        try:
            made = await self.client.call("POST", "/wp/v2/posts", json=fields,
                                          replay_safe=False)
        except WordPressError as exc:
            found = await self._after_lost_answer(exc, post)
            if found is None:
                raise
            return found
        if status == "trash":
            await self._trash(int(made["id"]))
        return int(made["id"])

    async def update(self, post_id: int, post: StoryPost, status: str | None,
                     image: LeadImage | None = None) -> None:
        """Make post ``post_id`` say what ``post`` says; ``status``: None leaves it as it is,
        ``trash`` moves the post to the bin, another takes it out again."""
        fields = await self._fields(post, None if status == "trash" else status, image)
        await self.client.call("POST", f"/wp/v2/posts/{post_id}", json=fields)
        if status == "trash":
            await self._trash(post_id)

    async def _trash(self, post_id: int) -> None:
        try:
            await self.client.call("DELETE", f"/wp/v2/posts/{post_id}")
        except WordPressError as exc:
            if exc.code != "rest_already_trashed":
                raise

    async def find(self, story_key: str) -> int | None:
        """The post of the story ``story_key`` in any state (the plugin answers this)."""
        found = await self.client.get("/wp/v2/posts", newsdesk_story=story_key,
                                      status="publish,future,draft,pending,private,trash",
                                      context="edit", _fields="id,meta", per_page=2)
        for item in found:  # the plugin's meta says it is really this story's post
            if (item.get("meta") or {}).get("newsdesk_story") == story_key:
                return int(item["id"])
        return None

    async def _after_lost_answer(self, exc: WordPressError, post: StoryPost) -> int | None:
        """After a post request whose outcome is unknown: the post, if it was made."""
        if not exc.delivered_unknown or not await self._has_plugin():
            return None
        found = await self.find(post.story_key)
        if found is None:
            # Surely not made: safe to try again (as a plain failure, not an unknown one).
            raise WordPressError(f"{exc} (the post was not made)", status=exc.status,
                                 transient=True) from exc
        return found

    async def _fields(self, post: StoryPost, status: str | None, image: LeadImage | None
                      ) -> dict[str, Any]:
        fields = post_fields(post, status=status, interface=self.interface)
        if not await self._has_plugin():
            fields.pop("meta")  # nobody registered the keys: WordPress would not keep them
        category, tags, media = await asyncio.gather(  # independent requests, at once
            self.terms.category(post.categories()), self.terms.tags(post.tags),
            self._media(post, image))
        if category is not None:
            fields["categories"] = [category]
        if tags:
            fields["tags"] = tags
        if media is not None:
            fields["featured_media"] = media
        return fields

    async def _media(self, post: StoryPost, image: LeadImage | None) -> int | None:
        if image is None or self.pictures is None:
            return None
        return await self.pictures.media_id(image, title=post.title, caption=post.outlet or "")

    async def _has_plugin(self) -> bool:
        if self.plugin is None:
            try:
                await self.client.get("/newsdesk/v1/plugin")
                self.plugin = True
            except WordPressError as exc:
                if exc.status != 404:
                    raise
                self.plugin = False
                log.warning("newsdesk's WordPress plugin is not installed on %s: posts carry"
                            " no credit meta and a lost answer cannot be checked",
                            self.client.url)
        return self.plugin
