"""Lead pictures in the site's media library: our re-encoded copy (the largest JPEG), found
by its content key (the attachment's slug) or uploaded once, then remembered."""

from __future__ import annotations

from newsdesk.publish.wordpress.client import WordPressClient
from newsdesk.store.image_files import ImageFiles
from newsdesk.store.images import LeadImage


class LeadPictures:
    """``files``: where the store keeps its copies of lead pictures."""

    def __init__(self, client: WordPressClient, files: ImageFiles) -> None:
        self.client = client
        self.files = files
        self._ids: dict[str, int] = {}

    async def media_id(self, image: LeadImage, *, title: str, caption: str) -> int | None:
        """The attachment holding ``image``; None when our copy's file is missing."""
        known = self._ids.get(image.key)
        if known is not None:
            return known
        found = await self.client.get("/wp/v2/media", slug=image.key, per_page=1,
                                      _fields="id")
        if found:
            media_id = int(found[0]["id"])
        else:
            data = self.files.read(f"{image.key}-{image.width}.jpg")
            if data is None:
                return None
            made = await self.client.call(
                "POST", "/wp/v2/media", body=data,
                params={"slug": image.key, "title": title, "alt_text": title,
                        "caption": caption},
                headers={"Content-Type": "image/jpeg",
                         "Content-Disposition": f'attachment; filename="{image.key}.jpg"'})
            media_id = int(made["id"])
        self._ids[image.key] = media_id
        return media_id
