"""What a fetched picture must be before Pillow decodes it: a raster format we know, told by
its first bytes (never by the server's Content-Type or the URL), within size limits that keep
a decompression bomb from costing memory."""

from __future__ import annotations

MAX_BYTES = 10 * 1024 * 1024  # what the fetcher lets through, at most
MAX_PIXELS = 40_000_000  # width × height before decoding: ~160 MB as RGBA
MAX_SIDE = 12_000
MIN_SIDE = 48  # smaller pictures are icons, spacers or tracking pixels, not lead images

# First bytes → (our name, Pillow's format name).
_SIGNATURES = (
    (b"\xff\xd8\xff", "jpeg", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "png", "PNG"),
    (b"GIF87a", "gif", "GIF"),
    (b"GIF89a", "gif", "GIF"),
)


class ImageError(ValueError):
    """A picture we will not use; the message says why in a sentence. ``permanent`` is False
    only for what another try could mend (none of the checks here)."""

    def __init__(self, message: str, *, permanent: bool = True) -> None:
        super().__init__(message)
        self.permanent = permanent


def sniff_type(data: bytes) -> tuple[str, str]:
    """(our name, Pillow format) of the picture in ``data``; `ImageError` if none we take."""
    for signature, name, pillow in _SIGNATURES:
        if data.startswith(signature):
            return name, pillow
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp", "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in {b"avif", b"avis"}:
        return "avif", "AVIF"
    head = data[:200].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:2000].lower():
        raise ImageError("the picture is an SVG drawing, which is not re-encoded (scripts and"
                         " external references make it unsafe to serve as is)")
    if head.startswith((b"<!doctype", b"<html")):
        raise ImageError("the address gave an HTML page, not a picture")
    raise ImageError("not a JPEG, PNG, GIF, WebP or AVIF picture (judged by its first bytes)")


def check_size(data: bytes) -> None:
    if not data:
        raise ImageError("the picture is empty")
    if len(data) > MAX_BYTES:
        raise ImageError(f"the picture is over {MAX_BYTES // 1024 // 1024} MB")


def check_dimensions(width: int, height: int) -> None:
    """Refuse, from the header alone, pictures too large to decode or too small to show."""
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ImageError(f"the picture is {width}×{height} pixels, over the limit of"
                         f" {MAX_PIXELS // 1_000_000} megapixels or {MAX_SIDE} per side")
    if width < MIN_SIDE or height < MIN_SIDE:
        raise ImageError(f"the picture is {width}×{height} pixels: too small for a lead image")
