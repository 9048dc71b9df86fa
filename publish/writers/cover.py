"""Draw the book's cover: headline, standfirst and date in the project's colours and fonts.

The cover is a PNG drawn with Pillow from the theme's shipped fonts, so every reading system
shows the same picture whatever fonts it has. Each text is drawn in the first shipped font
that has all its characters (the script fonts of styles/fonts/, the language's CJK region
first), shaped by Raqm (Arabic joined and right to left, Devanagari conjuncts); text no font
can draw is left off, and the cover page's text alternative says what is on it.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from publish.model import Article
from publish.render.scripts import code_points, direction, font_data
from publish.render.templates import Theme, long_date
from publish.writers.png import png_rows

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
    cmap = code_points(path)
    return all(ord(ch) in cmap or ch.isspace() for ch in text)


CJK_REGION = {
    "zh": "SC",
    "zh-hans": "SC",
    "zh-cn": "SC",
    "zh-sg": "SC",
    "zh-hant": "TC",
    "zh-tw": "TC",
    "zh-hk": "TC",
    "zh-mo": "TC",
    "ja": "JP",
    "ko": "KR",
}


def _face(theme: Theme, preferred: Path, text: str, language: str, bold: bool) -> Path | None:
    """The font to draw TEXT with: PREFERRED if it has every character, else the first
    shipped script font that does (the language's own CJK region first), else None."""
    if _covered(preferred, text):
        return preferred
    region = CJK_REGION.get(language.lower(), CJK_REGION.get(language.lower()[:2], "SC"))
    fonts = theme.font_paths
    fonts.sort(key=lambda p: (f"CJK{region}" not in p.name, ("Bold" in p.name) != bold, p.name))
    return next((path for path in fonts if _covered(path, text)), None)


def _wrap(draw: _Canvas, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
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
            cut = _longest_fit(draw, word, font, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _longest_fit(draw: _Canvas, word: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    """Return how many of WORD's first characters fit in WIDTH (at least 1): a binary
    search, so cutting a long word costs log n measurements per line, not n."""
    low, high = 1, len(word) - 1  # word[:low] is kept even when too wide
    while low < high:
        middle = (low + high + 1) // 2
        if draw.textlength(word[:middle], font=font) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _truetype(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """The font at PATH in SIZE, read through the one resolver (`scripts.font_data`)."""
    data = _font_bytes(path, path.stat().st_mtime)
    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=ImageFont.Layout.RAQM)


@functools.lru_cache(maxsize=8)
def _font_bytes(path: Path, stamp: float) -> bytes:
    return font_data(path)


def _fit(
    draw: _Canvas, text: str, path: Path, size: int, width: int, height: int
) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """Return the largest font up to SIZE whose wrapped TEXT fits in WIDTH x HEIGHT."""
    while True:
        font = _truetype(path, size)
        lines = _wrap(draw, text, font, width)
        leading = round(size * 1.18)
        words_fit = all(draw.textlength(w, font=font) <= width for w in text.split())
        if (len(lines) * leading <= height and words_fit) or size <= 24:
            return font, lines, leading
        size -= 4


def _block(
    draw: _Canvas,
    top: int,
    lines: list[str],
    font: ImageFont.FreeTypeFont,
    leading: int,
    fill: tuple[int, int, int],
    language: str = "en",
) -> int:
    rtl = direction(language) == "rtl"
    for line in lines:
        left = MARGIN
        if rtl:
            left = WIDTH - MARGIN - round(draw.textlength(line, font=font, direction="rtl"))
        draw.text(
            (left, top),
            line,
            font=font,
            fill=fill,
            direction="rtl" if rtl else None,
            language=language,
        )
        top += leading
    return top


INK_MARGIN = 8
"""Rows kept about a line of text's bounding box (`_Canvas.text`), beyond what it can touch."""


@dataclass(frozen=True)
class _Mark:
    """One thing drawn on the cover: the rows it may touch (TOP to before BOTTOM), how to
    draw it (PAINT, given a drawing and how many rows up to shift it) and, for a fill of
    whole rows, its colour (FLAT)."""

    top: int
    bottom: int
    paint: Callable[[ImageDraw.ImageDraw, int], None]
    flat: tuple[int, int, int] | None = None


class _Canvas:
    """The cover's drawing, kept as marks and drawn only where they have ink (`rows`).

    The cover is whole rows of one colour (the bands, the paper between blocks) and a few
    strips of text and rules. Drawing all 1400x2100 pixels (8.8 MB filled, read out again
    and compared row by row) cost about as much as the text: `rows` draws each strip, rows
    deep enough for every mark that touches it, on a picture of its own, the marks shifted
    up by a whole number of rows, in the order they were made; every other row is known
    from the fills of whole rows. A shift by whole rows changes where Pillow draws, not
    what: a line of text is rendered apart from the picture and laid on it at whole pixels,
    the corners of a rectangle or a rule move by whole pixels. So the rows are those of the
    cover drawn on one picture (`picture`; tests/test_cover_png.py compares them)."""

    def __init__(self) -> None:
        self.marks: list[_Mark] = []
        self.measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))

    def textlength(
        self, text: str, font: ImageFont.FreeTypeFont, direction: str | None = None
    ) -> float:
        return self.measure.textlength(text, font=font, direction=direction)

    def rectangle(self, box: tuple[int, int, int, int], fill: tuple[int, int, int]) -> None:
        left, top, right, bottom = box
        flat = fill if left <= 0 and right >= WIDTH - 1 else None
        self.marks.append(
            _Mark(
                top,
                bottom + 1,
                lambda draw, up: draw.rectangle((left, top - up, right, bottom - up), fill=fill),
                flat,
            )
        )

    def line(self, xy: tuple[int, int, int, int], fill: tuple[int, int, int], width: int) -> None:
        left, top, right, bottom = xy
        self.marks.append(
            _Mark(
                min(top, bottom) - width,
                max(top, bottom) + width + 1,
                lambda draw, up: draw.line(
                    (left, top - up, right, bottom - up), fill=fill, width=width
                ),
            )
        )

    def text(
        self,
        xy: tuple[int, int],
        text: str,
        font: ImageFont.FreeTypeFont,
        fill: tuple[int, int, int],
        direction: str | None,
        language: str,
    ) -> None:
        left, top = xy
        box = self.measure.textbbox(xy, text, font=font, direction=direction, language=language)
        self.marks.append(
            _Mark(
                math.floor(box[1]) - INK_MARGIN,
                math.ceil(box[3]) + INK_MARGIN,
                lambda draw, up: draw.text(
                    (left, top - up),
                    text,
                    font=font,
                    fill=fill,
                    direction=direction,
                    language=language,
                ),
            )
        )

    def rows(self) -> list[bytes]:
        """The cover's rows, top to bottom (a row of one colour given as one shared object)."""
        colours = [PAPER] * HEIGHT
        for mark in self.marks:
            if mark.flat is not None:
                colours[max(mark.top, 0) : mark.bottom] = [mark.flat] * (
                    min(mark.bottom, HEIGHT) - max(mark.top, 0)
                )
        flat = {colour: bytes(colour) * WIDTH for colour in set(colours)}
        rows = [flat[colour] for colour in colours]
        for top, bottom in _strips(mark for mark in self.marks if mark.flat is None):
            strip = Image.new("RGB", (WIDTH, bottom - top), PAPER)
            draw = ImageDraw.Draw(strip)
            for mark in self.marks:
                if mark.top < bottom and mark.bottom > top:
                    mark.paint(draw, top)
            data = strip.tobytes()
            stride = WIDTH * 3
            rows[top:bottom] = [data[at : at + stride] for at in range(0, len(data), stride)]
        return rows

    def picture(self) -> Image.Image:
        """The cover drawn on one picture of all its pixels, every mark where it was made, as
        it was drawn before `rows`: what the tests compare `rows` with."""
        image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
        draw = ImageDraw.Draw(image)
        for mark in self.marks:
            mark.paint(draw, 0)
        return image


def _strips(marks: Iterable[_Mark]) -> list[tuple[int, int]]:
    """The rows MARKS may touch, as runs of rows (first, after the last), in order."""
    strips: list[tuple[int, int]] = []
    for mark in sorted(marks, key=lambda mark: mark.top):
        top, bottom = max(mark.top, 0), min(mark.bottom, HEIGHT)
        if top >= bottom:
            continue
        if strips and top <= strips[-1][1]:
            strips[-1] = (strips[-1][0], max(strips[-1][1], bottom))
        else:
            strips.append((top, bottom))
    return strips


KEPT_BLOCKS = 4
"""Freed blocks of picture memory Pillow keeps for the next picture (`keep_picture_memory`)."""


def keep_picture_memory() -> None:
    """Have Pillow keep the memory of the pictures it frees, for the next ones.

    For a process that draws cover after cover in itself (a batch's warm worker). Pillow frees
    each picture's memory at once (by default it keeps none), so each cover's 12 MB of pixels
    came as new pages from the system, and the kernel's faulting them in (about 7,000 pages an
    article) was some 20 ms of CPU. A kept block is zeroed or painted before use as a new one
    is, so every picture is the same.
    """
    from PIL import _imaging

    _imaging.set_blocks_max(max(KEPT_BLOCKS, _imaging.get_blocks_max()))


_AHEAD: list[tuple[Article, Theme, Cover]] = []
"""The cover `draw_ahead` drew, until `draw_cover` asks for it."""


def draw_ahead(article: Article, theme: Theme) -> None:
    """Draw ARTICLE's cover now, for the next `draw_cover` of it in this process to return.

    A document's EPUB is made in a forked copy of its child, which draws the cover while
    the child lays the PDF out (`publish.rendering`), then waits for the pages.
    """
    _AHEAD[:] = [(article, theme, draw_cover(article, theme))]


def draw_cover(article: Article, theme: Theme) -> Cover:
    """Return the generated cover of ARTICLE as a PNG, drawn with THEME's fonts (or the one
    `draw_ahead` drew for this very article and theme)."""
    ahead, _AHEAD[:] = _AHEAD[:], []
    if ahead and ahead[0][0] is article and ahead[0][1] == theme:
        return ahead[0][2]
    draw, shown = _draw(article, theme)
    return Cover(png_rows(WIDTH, draw.rows()), tuple(shown))


def _draw(article: Article, theme: Theme) -> tuple[_Canvas, list[str]]:
    """Return the cover of ARTICLE as marks on a canvas, and the words it shows."""
    fonts = {name: theme.stylesheet(path) for name, path in FONTS.items()}
    draw = _Canvas()
    width = WIDTH - 2 * MARGIN
    shown: list[str] = []

    band = 260
    draw.rectangle((0, 0, WIDTH, band), fill=ACCENT)
    lang = article.language
    face = _face(theme, fonts["sans-bold"], article.publisher or "", lang, True)
    if article.publisher and face is not None:
        font, lines, leading = _fit(draw, article.publisher.upper(), face, 56, width, band - 120)
        _block(draw, band - 60 - len(lines) * leading, lines, font, leading, PAPER, lang)
        shown.append(article.publisher)

    top = band + 160
    face = _face(theme, fonts["sans-bold"], article.headline, lang, True)
    if face is not None:
        font, lines, leading = _fit(draw, article.headline, face, 132, width, 900)
        top = _block(draw, top, lines, font, leading, INK, lang)
        shown.append(article.headline)
    top += 40
    rule_left = WIDTH - MARGIN - 220 if direction(lang) == "rtl" else MARGIN
    draw.rectangle((rule_left, top, rule_left + 220, top + 10), fill=ACCENT)
    top += 90
    face = _face(theme, fonts["serif"], article.standfirst or "", lang, False)
    if article.standfirst and face is not None:
        font, lines, leading = _fit(draw, article.standfirst, face, 64, width, HEIGHT - 320 - top)
        _block(draw, top, lines, font, leading, MUTED, lang)
        shown.append(article.standfirst)

    date = long_date(article.date, article.language)
    face = _face(theme, fonts["sans"], date, lang, False)
    if face is None:
        date = article.date.isoformat()
        face = fonts["sans"]
    draw.rectangle((0, HEIGHT - 240, WIDTH, HEIGHT), fill=PANEL)
    draw.line((0, HEIGHT - 240, WIDTH, HEIGHT - 240), fill=RULE, width=3)
    font = _truetype(face, 56)
    _block(draw, HEIGHT - 150, [date], font, 56, ACCENT, lang)
    shown.append(date)
    return draw, shown
