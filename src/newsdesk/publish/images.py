"""Serving our copies of lead images, and describing them to templates. Pictures are never
fetched here (`newsdesk.jobs.images` does that after an article is stored); a page shows
only what is already kept, and never links a picture on another site."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request, Response

from newsdesk.publish.conditional import etag_of
from newsdesk.store.image_files import MEDIA_TYPES, NAME, ImageFiles
from newsdesk.store.images import LeadImage

IMMUTABLE = "public, max-age=31536000, immutable"  # a name never changes its bytes


@dataclass(frozen=True, slots=True)
class Picture:
    """What a template needs for ``<picture>``: sources by width, the fallback, the box."""

    webp_srcset: str
    jpeg_srcset: str
    src: str  # the JPEG a browser without srcset loads
    largest: str  # the widest JPEG: for link previews
    width: int
    height: int
    alt: str

    @classmethod
    def of(cls, image: LeadImage, alt: str, *, fallback_width: int = 640) -> Picture:
        def srcset(ext: str) -> str:
            return ", ".join(f"/images/{image.key}-{w}.{ext} {w}w" for w in image.widths)

        fallback = min(image.widths, key=lambda w: abs(w - fallback_width))
        return cls(srcset("webp"), srcset("jpg"), f"/images/{image.key}-{fallback}.jpg",
                   f"/images/{image.key}-{image.width}.jpg", image.width, image.height, alt)


def image_router(files: ImageFiles) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/images/{name}")
    def image(request: Request, name: str) -> Response:
        found = NAME.match(name)
        data = files.read(name) if found else None
        if data is None or found is None:
            raise HTTPException(404, "there is no such picture")
        etag = etag_of(data)
        headers = {"Cache-Control": IMMUTABLE, "ETag": etag}
        if request.headers.get("if-none-match") in {etag, etag.removeprefix("W/")}:
            return Response(status_code=304, headers=headers)
        return Response(data, media_type=MEDIA_TYPES[found["ext"]], headers=headers)

    return router
