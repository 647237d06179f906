"""Generated placeholders: one picture per story (SVG, and a PNG of the same scene for sites
that re-encode pictures) and a logo per outlet. No real photos."""

from __future__ import annotations

import colorsys
import hashlib
from io import BytesIO
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw

LOGOS = {
    "logo-meridian": ("M", 212),
    "logo-lantern": ("L", 38),
    "logo-harbor": ("H", 168),
}


def story_image(slug: str, label: str) -> str:
    """An 800x450 picture: a colour from the slug, a few hills, and the label as a caption."""
    digest = hashlib.sha256(slug.encode()).digest()
    hue = digest[0] * 360 // 256
    ridge = " ".join(f"{x},{260 + digest[1 + x // 100] % 120}" for x in range(0, 801, 100))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 800 450">'
        f'<rect width="800" height="450" fill="hsl({hue},45%,72%)"/>'
        f'<circle cx="{120 + digest[9] * 2}" cy="110" r="48" fill="hsl({hue},60%,90%)"/>'
        f'<polygon points="0,450 {ridge} 800,450" fill="hsl({hue},35%,42%)"/>'
        '<rect y="392" width="800" height="58" fill="rgba(0,0,0,0.55)"/>'
        '<text x="24" y="430" font-family="sans-serif" font-size="26" fill="#fff">'
        f"{escape(label)}</text></svg>"
    )


def story_png(slug: str) -> bytes:
    """The scene of `story_image` (without its caption) as an 800x450 PNG."""
    digest = hashlib.sha256(slug.encode()).digest()
    hue = digest[0] / 256

    def colour(saturation: float, lightness: float) -> tuple[int, int, int]:
        red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
        return round(red * 255), round(green * 255), round(blue * 255)

    picture = Image.new("RGB", (800, 450), colour(0.45, 0.72))
    draw = ImageDraw.Draw(picture)
    sun_x = 120 + digest[9] * 2
    draw.ellipse((sun_x - 48, 62, sun_x + 48, 158), fill=colour(0.6, 0.9))
    ridge = [(x, 260 + digest[1 + x // 100] % 120) for x in range(0, 801, 100)]
    draw.polygon([(0, 450), *ridge, (800, 450)], fill=colour(0.35, 0.42))
    out = BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def logo(name: str) -> str | None:
    """A square outlet logo, or ``None`` for an unknown name."""
    if name not in LOGOS:
        return None
    letter, hue = LOGOS[name]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">'
        f'<rect width="128" height="128" rx="24" fill="hsl({hue},55%,38%)"/>'
        '<text x="64" y="88" text-anchor="middle" font-family="serif" font-size="72" '
        f'fill="#fff">{letter}</text></svg>'
    )
