"""Lead images: checked by their bytes and re-encoded in a few widths, WebP and JPEG."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from newsdesk.images import WIDTHS, ImageError, prepare_image, sniff_type
from tests.images.pictures import photo, png_header_only


def _open(data: bytes) -> Image.Image:
    picture = Image.open(BytesIO(data))
    picture.load()
    return picture


def test_a_large_photo_gets_every_width_in_webp_and_jpeg() -> None:
    prepared = prepare_image(photo(2000, 1200))
    assert prepared.widths == WIDTHS
    assert (prepared.width, prepared.height) == (960, 576)
    for rendition in prepared.renditions:
        decoded = _open(rendition.data)
        assert decoded.format == {"webp": "WEBP", "jpg": "JPEG"}[rendition.format]
        assert decoded.size == (rendition.width, rendition.height)
    assert {r.format for r in prepared.renditions} == {"webp", "jpg"}
    assert len(prepared.key) == 32 and prepared.renditions[0].name(prepared.key).endswith(
        "-320.webp")


def test_a_narrow_picture_is_never_enlarged() -> None:
    prepared = prepare_image(photo(500, 300))
    assert prepared.widths == (320, 500)
    assert max(r.width for r in prepared.renditions) == 500


def test_camera_metadata_is_dropped_and_orientation_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS position
    prepared = prepare_image(photo(800, 400, exif=exif.tobytes()))
    largest = _open([r for r in prepared.renditions if r.format == "jpg"][-1].data)
    assert largest.size[0] < largest.size[1]  # turned upright: taller than wide
    assert not largest.getexif()


def test_transparency_is_laid_on_white() -> None:
    prepared = prepare_image(photo(400, 300, "PNG_ALPHA"))
    corner = _open(prepared.renditions[0].data).convert("RGB").getpixel((0, 0))
    assert min(corner) > 230  # fully transparent there: white, not black


@pytest.mark.parametrize(("data", "reason"), [
    (png_header_only(50_000, 50_000), "megapixels"),
    (png_header_only(20_000, 100), "per side"),
    (photo(1, 1, "GIF"), "too small"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
    (b"<!doctype html><html><body>Not found</body></html>", "HTML page"),
    (b"GIF89a" + b"\0" * 10, "cannot be read"),
    (photo(600, 400)[:2000], "damaged"),
    (b"", "empty"),
    (b"%PDF-1.7 not a picture", "first bytes"),
])
def test_refused_pictures_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(ImageError, match=reason):
        prepare_image(data)


def test_type_comes_from_the_bytes_not_the_name() -> None:
    assert sniff_type(photo(64, 64, "PNG")) == ("png", "PNG")
    assert sniff_type(photo(64, 64, "WEBP")) == ("webp", "WEBP")
    assert sniff_type(photo(64, 64, "JPEG")) == ("jpeg", "JPEG")


def test_an_animation_gives_its_first_frame() -> None:
    frames = [Image.new("RGB", (120, 90), colour) for colour in ("red", "blue")]
    out = BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    prepared = prepare_image(out.getvalue())
    red, _, blue = _open(prepared.renditions[-1].data).convert("RGB").getpixel((60, 45))
    assert red > 200 and blue < 60
