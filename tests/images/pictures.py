"""Pictures made on the spot with Pillow: a photo-like gradient, transparency, a bomb's header."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

from PIL import Image


def photo(width: int, height: int, fmt: str = "JPEG", **save: object) -> bytes:
    """A smooth colour field with some texture, like a photo's sky and ground."""
    picture = Image.merge("RGB", (
        Image.linear_gradient("L").resize((width, height)),
        Image.effect_noise((width, height), 40),
        Image.linear_gradient("L").rotate(90).resize((width, height)),
    ))
    if fmt == "PNG_ALPHA":
        picture = picture.convert("RGBA")
        picture.putalpha(Image.linear_gradient("L").resize((width, height)))
        fmt = "PNG"
    out = BytesIO()
    picture.save(out, fmt, **save)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height`` with almost no data: what a
    decompression bomb looks like before it is decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b""))
