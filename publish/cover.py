"""Draw the book's cover: headline, standfirst and date in the project's colours and fonts.

The cover is a PNG drawn with Pillow from the theme's shipped fonts, so every reading system
shows the same picture whatever fonts it has. Text the fonts cannot draw (a script they do
not cover) is left off the picture; the cover page's text alternative says what is on it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from publish.model import Article
from publish.render import Theme, long_date

WIDTH, HEIGHT = 1400, 2100
MARGIN = 120
INK = (26, 26, 26)
MUTED = (68, 68, 68)
ACCENT = (31, 78, 121)
PAPER = (255, 255, 255)
PANEL = (238, 243, 248)
RULE = (153, 153, 153)

FONTS = {
    "sans-bold": "fonts/NotoSans-Bold.ttf",
    "sans": "fonts/NotoSans-Regular.ttf",
    "serif": "fonts/NotoSerif-Regular.ttf",
}


@dataclass(frozen=True)
class Cover:
    """A cover picture and the words it shows (for its text alternative)."""

    png: bytes
    shown: tuple[str, ...]


def _covered(path: Path, text: str) -> bool:
    """Return whether the font at PATH has a glyph for every character of TEXT."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        cmap = font.getBestCmap() or {}
    return all(ord(ch) in cmap or ch.isspace() for ch in text)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont,
          width: int) -> list[str]:
    """Return TEXT broken into lines no wider than WIDTH (a long word is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while draw.textlength(word, font=font) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and draw.textlength(word[:cut], font=font) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _fit(draw: ImageDraw.ImageDraw, text: str, path: Path, size: int, width: int,
         height: int) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """Return the largest font up to SIZE whose wrapped TEXT fits in WIDTH x HEIGHT."""
    while True:
        font = ImageFont.truetype(str(path), size)
        lines = _wrap(draw, text, font, width)
        leading = round(size * 1.18)
        words_fit = all(draw.textlength(w, font=font) <= width for w in text.split())
        if (len(lines) * leading <= height and words_fit) or size <= 24:
            return font, lines, leading
        size -= 4


def _block(draw: ImageDraw.ImageDraw, top: int, lines: list[str],
           font: ImageFont.FreeTypeFont, leading: int, fill: tuple[int, int, int]) -> int:
    for line in lines:
        draw.text((MARGIN, top), line, font=font, fill=fill)
        top += leading
    return top


def draw_cover(article: Article, theme: Theme) -> Cover:
    """Return the generated cover of ARTICLE as a PNG, drawn with THEME's fonts."""
    fonts = {name: theme.stylesheet(path) for name, path in FONTS.items()}
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    shown: list[str] = []

    band = 260
    draw.rectangle((0, 0, WIDTH, band), fill=ACCENT)
    if article.publisher and _covered(fonts["sans-bold"], article.publisher):
        font, lines, leading = _fit(draw, article.publisher.upper(), fonts["sans-bold"], 56,
                                    width, band - 120)
        _block(draw, band - 60 - len(lines) * leading, lines, font, leading, PAPER)
        shown.append(article.publisher)

    top = band + 160
    if _covered(fonts["sans-bold"], article.headline):
        font, lines, leading = _fit(draw, article.headline, fonts["sans-bold"], 132, width, 900)
        top = _block(draw, top, lines, font, leading, INK)
        shown.append(article.headline)
    top += 40
    draw.rectangle((MARGIN, top, MARGIN + 220, top + 10), fill=ACCENT)
    top += 90
    if article.standfirst and _covered(fonts["serif"], article.standfirst):
        font, lines, leading = _fit(draw, article.standfirst, fonts["serif"], 64, width,
                                    HEIGHT - 320 - top)
        _block(draw, top, lines, font, leading, MUTED)
        shown.append(article.standfirst)

    date = long_date(article.date, article.language)
    if not _covered(fonts["sans"], date):
        date = article.date.isoformat()
    draw.rectangle((0, HEIGHT - 240, WIDTH, HEIGHT), fill=PANEL)
    draw.line((0, HEIGHT - 240, WIDTH, HEIGHT - 240), fill=RULE, width=3)
    if _covered(fonts["sans"], date):
        font = ImageFont.truetype(str(fonts["sans"]), 56)
        draw.text((MARGIN, HEIGHT - 150), date, font=font, fill=ACCENT)
        shown.append(date)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return Cover(out.getvalue(), tuple(shown))
