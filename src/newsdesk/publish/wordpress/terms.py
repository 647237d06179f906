"""Categories and tags by name: found or made on the site, then remembered.

A category path ("World/Europe", from a source's folder) becomes nested categories. A term
is made by asking WordPress to create it; if it exists already (made by hand, or by another
poster a moment ago) WordPress says so with its id, which is used. Each name costs one
request the first time this process meets it, none afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from newsdesk.publish.wordpress.client import WordPressClient
from newsdesk.publish.wordpress.errors import WordPressError

MAX_TAGS = 8
MAX_NAME = 190  # WordPress keeps term names in 200 characters


class Terms:
    def __init__(self, client: WordPressClient) -> None:
        self.client = client
        self._ids: dict[tuple[str, int, str], int] = {}

    async def category(self, path: Iterable[str]) -> int | None:
        """The id of the innermost category of ``path`` (outermost first), made with its
        parents when missing; None for an empty path."""
        parent = 0
        for name in path:
            parent = await self._term("categories", name, parent)
        return parent or None

    async def tags(self, names: Iterable[str]) -> list[int]:
        """The ids of up to `MAX_TAGS` distinct tags, made when missing (at once)."""
        chosen: dict[str, str] = {}
        for name in names:
            key = " ".join(name.split()).casefold()
            if key and key not in chosen:
                chosen[key] = name
            if len(chosen) == MAX_TAGS:
                break
        return list(await asyncio.gather(*(self._term("tags", n, 0)
                                           for n in chosen.values())))

    async def _term(self, taxonomy: str, name: str, parent: int) -> int:
        name = " ".join(name.split())[:MAX_NAME]
        key = (taxonomy, parent, name.casefold())
        known = self._ids.get(key)
        if known is not None:
            return known
        payload: dict[str, object] = {"name": name}
        if taxonomy == "categories":
            payload["parent"] = parent
        try:
            made = await self.client.call("POST", f"/wp/v2/{taxonomy}", json=payload)
            term_id = int(made["id"])
        except WordPressError as exc:
            existing = exc.data.get("term_id")
            if exc.code != "term_exists" or not isinstance(existing, int):
                raise
            term_id = existing
        self._ids[key] = term_id
        return term_id
