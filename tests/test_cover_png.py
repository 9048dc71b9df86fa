"""The cover's PNG (`publish.writers.png`): runs of repeated rows are deflate blocks built by
hand and the other rows zlib's segments; decoded, every picture is the pixels drawn, and the
zlib stream holds exactly the rows filtered as before (a repeated row "Up", others none)."""

from __future__ import annotations

import datetime as dt
import io
import random
import zlib

import pytest
from PIL import Image, ImageChops, ImageDraw

from publish.model import Article
from publish.render.templates import Theme
from publish.writers import cover, png

DAY = dt.date(2024, 3, 15)


def filtered_rows(image: Image.Image) -> bytes:
    """The rows as `png_rgb` filters them, one by one: the reference its stream must hold."""
    stride = image.size[0] * 3
    rows = image.tobytes()
    out = []
    for top in range(0, len(rows), stride):
        row = rows[top : top + stride]
        repeats = top > 0 and row == rows[top - stride : top]
        out.append(b"\x02" + bytes(stride) if repeats else b"\x00" + row)
    return b"".join(out)


def idat(data: bytes) -> bytes:
    """The joined IDAT chunks of the PNG DATA, every chunk's CRC checked."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, found = 8, []
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        crc = int.from_bytes(data[position + 8 + length : position + 12 + length], "big")
        assert crc == zlib.crc32(kind + body)
        if kind == b"IDAT":
            found.append(body)
        position += 12 + length
    return b"".join(found)


def pillow_png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def assert_encodes(image: Image.Image) -> bytes:
    """Encode IMAGE; check the stream and that it decodes as Pillow's own PNG does."""
    data = png.png_rgb(image)
    assert zlib.decompress(idat(data)) == filtered_rows(image)
    decoded = Image.open(io.BytesIO(data))
    decoded.load()
    reference = Image.open(io.BytesIO(pillow_png(image)))
    reference.load()
    assert decoded.mode == "RGB" and decoded.size == image.size
    assert decoded.tobytes() == reference.tobytes() == image.tobytes()
    assert png.png_rgb(image.copy()) == data  # the same picture, the same bytes
    return data


def test_a_picture_whose_rows_all_repeat() -> None:
    data = assert_encodes(Image.new("RGB", (1400, 300), (238, 243, 248)))
    assert len(data) < 300 * 7 + 200  # about 6 bytes a row


def test_a_picture_where_no_row_repeats() -> None:
    noise = random.Random(7)
    image = Image.frombytes("RGB", (200, 120), bytes(noise.randrange(256) for _ in range(72000)))
    assert_encodes(image)


def test_runs_short_and_long_between_detail() -> None:
    # A run shorter than LONG_RUN stays in zlib's segment; a long one is a block of its own.
    image = Image.new("RGB", (300, 200), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 299, 40), fill=(31, 78, 121))
    draw.text((10, 50), "Short gap", fill=(26, 26, 26))
    draw.text((10, 50 + png.LONG_RUN + 8), "below", fill=(26, 26, 26))
    draw.text((10, 150), "after a long run", fill=(26, 26, 26))
    draw.line((0, 199, 299, 199), fill=(153, 153, 153))
    assert_encodes(image)


@pytest.mark.parametrize("width", [1, 2, 10, 86, 87, 173, 345, 1400])
def test_rows_of_every_kind_of_tail(width: int) -> None:
    # A run's row is copies of 258 zeros and one of the rest: 3 bytes or more, 1 or 2 (as
    # literals: widths 1, 87, 173) or none; narrow pictures have no 258-byte copy.
    image = Image.new("RGB", (width, 40), (255, 255, 255))
    ImageDraw.Draw(image).rectangle((0, 20, width - 1, 22), fill=(26, 26, 26))
    assert_encodes(image)
    flat = Image.new("RGB", (width, png.LONG_RUN + 3), (31, 78, 121))
    assert_encodes(flat)


def test_a_run_block_alone_inflates_to_its_rows() -> None:
    for stride, count in ((4200, 1), (4200, 9), (4200, 700), (261, 5), (3, 12)):
        block = png._run_block(stride, count)
        assert zlib.decompress(block + png.FINAL, -15) == (b"\x02" + bytes(stride)) * count


def test_the_adler32_of_a_run_is_computed() -> None:
    for start, stride, count in ((1, 4200, 1), (zlib.adler32(b"a" * 999), 4200, 1700), (7, 3, 3)):
        rows = (b"\x02" + bytes(stride)) * count
        assert png._adler_of_run(start, stride + 1, count) == zlib.adler32(rows, start)


def test_the_length_symbols() -> None:
    assert png._length_symbol(3) == (257, 0, 0)
    assert png._length_symbol(10) == (264, 0, 0)
    assert png._length_symbol(11) == (265, 1, 0)
    assert png._length_symbol(71) == (277, 4, 4)
    assert png._length_symbol(257) == (284, 5, 30)


ARTICLES = {
    "en": Article(
        headline="A bridge reopens after two winters of repairs to its deck",
        standfirst="Engineers say the crossing will carry buses again by the spring, quietly.",
        date=DAY,
        publisher="The Valley Courier",
    ),
    "ar": Article(
        headline="مجلس المدينة يقر الميزانية الجديدة",
        standfirst="أقر مجلس المدينة أمس الميزانية الجديدة للعام المقبل بأغلبية الأصوات.",
        date=DAY,
        language="ar",
        publisher="Example Press",
    ),
    "zh-Hans": Article(
        headline="市议会通过新预算",
        standfirst="市议会昨天以多数票通过了明年的新预算，重点投入教育和交通。",
        date=DAY,
        language="zh-Hans",
    ),
    "hi": Article(
        headline="नगर परिषद ने नया बजट पारित किया",
        standfirst="नगर परिषद ने कल अगले वर्ष के लिए नया बजट पारित किया।",
        date=DAY,
        language="hi",
        publisher="Example Press",
    ),
    "bare": Article(headline="Only a headline, no standfirst and no publisher", date=DAY),
    "he": Article(
        headline="מועצת העיר אישרה את התקציב",
        standfirst="מועצת העיר אישרה אתמול את התקציב החדש לשנה הבאה ברוב קולות.",
        date=DAY,
        language="he",
    ),
    "long": Article(
        headline=" ".join(["A headline that runs on and on over many lines of the cover"] * 4),
        standfirst="Its standfirst is squeezed into what is left below the rule.",
        date=DAY,
        publisher="The Northern Gazette Weekly Edition",
    ),
    "ta": Article(
        headline="நகர சபை புதிய வரவு செலவு திட்டத்தை ஏற்றது",
        date=DAY,
        language="ta",
        publisher="Example Press",
    ),
    "my": Article(
        headline="မြို့တော်ကောင်စီက ဘတ်ဂျက်အသစ်ကို အတည်ပြုခဲ့သည်",
        date=DAY,
        language="my",
    ),
    "vi": Article(
        headline="Hội đồng thành phố họp về ngân sách",
        standfirst="Ngân sách mới được thông qua với đa số phiếu thuận.",
        date=DAY,
        language="vi",
    ),
}


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_covers_in_several_scripts(name: str) -> None:
    # The cover drawn in strips (`_Canvas.rows`) is the cover drawn on one picture; its PNG
    # decodes to it.
    canvas, _ = cover._draw(ARTICLES[name], Theme())
    picture = canvas.picture()
    assert b"".join(canvas.rows()) == picture.tobytes()
    assert assert_encodes(picture) == cover.draw_cover(ARTICLES[name], Theme()).png
    for mark in canvas.marks:  # each mark's ink within the rows it says it may touch,
        # drawn alone with 200 rows to spare above and below them
        rows = mark.bottom - mark.top
        alone = Image.new("RGB", (cover.WIDTH, rows + 400), (128, 0, 128))
        mark.paint(ImageDraw.Draw(alone), mark.top - 200)
        ink = ImageChops.difference(alone, Image.new("RGB", alone.size, (128, 0, 128)))
        box = ink.getbbox()
        assert box is not None and 200 <= box[1] and box[3] <= 200 + rows


def test_a_strip_drawn_alone_is_the_same_rows() -> None:
    # A mark shifted up by whole rows is drawn the same, only higher: text of every kind
    # on a background, a rule across it, clipped at the strip's edges.
    canvas = cover._Canvas()
    canvas.rectangle((0, 0, cover.WIDTH, 300), fill=cover.ACCENT)
    font = cover._truetype(cover.Theme().stylesheet(cover.FONTS["sans-bold"]), 132)
    canvas.text((cover.MARGIN, 200), "Ångström gjpqy", font, cover.INK, None, "en")
    canvas.line((0, 380, cover.WIDTH, 380), fill=cover.RULE, width=3)
    canvas.rectangle((cover.MARGIN, 390, cover.MARGIN + 220, 400), fill=cover.ACCENT)
    canvas.text((cover.MARGIN, 2050), "at the foot", font, cover.MUTED, None, "en")
    assert b"".join(canvas.rows()) == canvas.picture().tobytes()
