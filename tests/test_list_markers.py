"""A list's bullet stands on the baseline of its item's first line (publish/writers/pdf/markers.py).

The script faces of Hindi, Bengali, Tamil, Thai, Myanmar, Arabic and Hebrew have no bullet, so
WeasyPrint draws it from Noto Serif and, before the fix, set it on Noto Serif's baseline: up
to 0.4 em below the text beside it. Hebrew (whose full stop comes from Noto Serif too) and
English, with code in an item, are the controls. Each PDF is read with pdfium: a character's origin is on its line's baseline. Texts
written for these tests.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest

from publish.pipeline import build
from publish.settings import BuildSettings

ITEMS = {
    "hi": ("नदी का पानी बढ़ा", ["नदी का पानी आज सुबह बढ़ गया।", "पुल पर यातायात रोका गया।"]),
    "bn": ("নদীর জল বেড়েছে", ["নদীর জল আজ সকালে বেড়েছে।", "সেতুর উপর যান চলাচল বন্ধ।"]),
    "ta": ("ஆற்றில் நீர் உயர்ந்தது", ["ஆற்றின் நீர் இன்று காலை உயர்ந்தது.", "பாலம் மூடப்பட்டது."]),
    "th": ("น้ำในแม่น้ำสูงขึ้น", ["น้ำในแม่น้ำสูงขึ้นเมื่อเช้านี้", "สะพานปิดการจราจร"]),
    "my": ("မြစ်ရေ တက်လာ", ["မြစ်ရေ ဒီနေ့မနက် တက်လာတယ်။", "တံတားကို ပိတ်ထားတယ်။"]),
    "ar": ("ارتفاع منسوب النهر", ["ارتفع منسوب النهر صباح اليوم.", "أغلق الجسر أمام السيارات."]),
    "he": ("מפלס הנהר עלה", ["מפלס הנהר עלה הבוקר.", "הגשר נסגר לתנועה."]),
    "en": ("The river rose", ["The river rose this morning.", "`bridge-07` was closed at noon."]),
}


def _pdf(folder: Path, lang: str) -> Path:
    title, items = ITEMS[lang]
    body = "\n".join(f"- {item}" for item in items)
    source = folder / f"{lang}.md"
    source.write_text(
        f'---\ntitle: "{title}"\ndate: 2024-03-15\nlang: {lang}\nauthors: [Desk]\n---\n\n{body}\n',
        encoding="utf-8",
    )
    build([str(source)], BuildSettings(out_dir=folder / "out", formats=("pdf",)))
    return next((folder / "out").glob("*.pdf"))


def _bullets_and_neighbours(pdf: Path) -> list[tuple[float, float]]:
    """Return, for each bullet, its baseline and that of the nearest letter beside it."""
    document = pdfium.PdfDocument(str(pdf))
    page = document[0].get_textpage()
    text = page.get_text_range()
    x, y = ctypes.c_double(), ctypes.c_double()

    def origin(index: int) -> tuple[float, float]:
        pdfium_raw.FPDFText_GetCharOrigin(page.raw, index, x, y)
        return x.value, y.value

    letters = [(i, origin(i)) for i, char in enumerate(text) if char.strip() and char != "•"]
    found = []
    for index, char in enumerate(text):
        if char != "•":
            continue
        bullet_x, bullet_y = origin(index)
        beside = [(abs(lx - bullet_x), ly) for _, (lx, ly) in letters if abs(ly - bullet_y) < 8]
        assert beside, f"no text beside the bullet at {bullet_y}"
        found.append((bullet_y, min(beside)[1]))
    document.close()
    return found


@pytest.mark.parametrize("lang", sorted(ITEMS))
def test_a_bullet_is_on_its_items_baseline(tmp_path: Path, lang: str) -> None:
    pairs = _bullets_and_neighbours(_pdf(tmp_path, lang))
    assert len(pairs) == len(ITEMS[lang][1])
    for bullet, letter in pairs:
        assert bullet == pytest.approx(letter, abs=0.05), (lang, bullet, letter)


def test_a_list_inside_an_item_keeps_the_lines_even(tmp_path: Path) -> None:
    """A nested list continues its parent's lines: no extra gap above or below it (the
    item before, its sub-items and the item after are one line apart each)."""
    source = tmp_path / "nested.md"
    source.write_text(
        "---\ntitle: Contents of the guide\ndate: 2024-03-15\n---\n\nThe guide has two parts.\n\n"
        "- Gauges\n  - Reading gauges\n  - Mending gauges\n    - Funnels\n- Stations\n\n"
        "The end of the guide.\n",
        encoding="utf-8",
    )
    build([str(source)], BuildSettings(out_dir=tmp_path / "out", formats=("pdf",)))
    document = pdfium.PdfDocument(str(next((tmp_path / "out").glob("*.pdf"))))
    page = document[0].get_textpage()
    text = page.get_text_range()
    x, y = ctypes.c_double(), ctypes.c_double()
    baselines = []
    for word in ("Gauges", "Reading", "Mending", "Funnels", "Stations"):
        pdfium_raw.FPDFText_GetCharOrigin(page.raw, text.index(word), x, y)
        baselines.append(y.value)
    document.close()
    steps = [above - below for above, below in zip(baselines, baselines[1:], strict=False)]
    assert max(steps) - min(steps) < 0.1, steps
