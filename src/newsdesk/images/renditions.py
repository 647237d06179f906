"""Decode a checked picture once and write it out in a few widths, WebP and JPEG."""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from newsdesk.images.check import (
    MAX_PIXELS,
    ImageError,
    check_dimensions,
    check_size,
    sniff_type,
)

WIDTHS = (320, 640, 960)  # a phone, a phone at 2x or a desktop column, a desktop at 1.3x
WEBP_QUALITY = 72
JPEG_QUALITY = 78
VERSION = "1"  # part of each key: change it when the encoding changes, so caches refresh


@dataclass(frozen=True, slots=True)
class Rendition:
    width: int
    height: int
    format: str  # "webp" or "jpg"
    data: bytes

    def name(self, key: str) -> str:
        return f"{key}-{self.width}.{self.format}"


@dataclass(frozen=True, slots=True)
class PreparedImage:
    key: str  # 32 hex digits, from the source bytes and the encoding version
    width: int  # of the widest rendition
    height: int
    renditions: tuple[Rendition, ...]

    @property
    def widths(self) -> tuple[int, ...]:
        return tuple(sorted({r.width for r in self.renditions}))


def prepare_image(data: bytes) -> PreparedImage:
    """Check ``data`` and re-encode it; `ImageError` says why a picture was refused."""
    check_size(data)
    _, pillow_format = sniff_type(data)
    picture = _decoded(data, pillow_format)
    key = hashlib.sha256(VERSION.encode() + data).hexdigest()[:32]
    renditions = []
    for width in _widths(picture.width):
        scaled = _scaled(picture, width)
        renditions.append(Rendition(scaled.width, scaled.height, "webp", _encode(scaled, "WEBP")))
        renditions.append(Rendition(scaled.width, scaled.height, "jpg", _encode(scaled, "JPEG")))
    widest = max(renditions, key=lambda r: r.width)
    return PreparedImage(key, widest.width, widest.height, tuple(renditions))


def _decoded(data: bytes, pillow_format: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(BytesIO(data), formats=[pillow_format])
            check_dimensions(*picture.size)  # from the header, before any decoding
            picture.draft("RGB", (max(WIDTHS), max(WIDTHS)))  # JPEG: decode at a smaller scale
            picture = ImageOps.exif_transpose(picture)
            return _flattened(picture)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"the picture is over the limit of {MAX_PIXELS // 1_000_000}"
                         f" megapixels: {exc}") from exc
    except UnidentifiedImageError as exc:
        raise ImageError(f"the picture cannot be read ({exc})") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:  # truncated or corrupt data
        raise ImageError(f"the picture is damaged ({exc})") from exc


def _flattened(picture: Image.Image) -> Image.Image:
    """RGB: transparency on white (the page's light background), palettes expanded."""
    picture.seek(0)  # the first frame of an animation
    if picture.mode in {"RGBA", "LA", "P", "PA"}:
        rgba = picture.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return picture.convert("RGB")


def _widths(original: int) -> list[int]:
    """The standard widths below the original's, and the original's own (never enlarged)
    when it is narrower than the widest standard one."""
    below = [w for w in WIDTHS if w < original]
    return below if original > max(WIDTHS) else [*below, original]


def _scaled(picture: Image.Image, width: int) -> Image.Image:
    if width >= picture.width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(picture: Image.Image, fmt: str) -> bytes:
    out = BytesIO()
    if fmt == "WEBP":
        picture.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()  # no EXIF or other metadata is written: no camera or GPS data
